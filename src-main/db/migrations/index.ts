import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-prediction-pages';

/** Every migration in order. Add a file `NNNN-name.ts` and list it here; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
