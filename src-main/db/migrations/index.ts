import type { Migration } from '../migration';
import { migration0001 } from './0001-initial';

/** Every migration in order. Add a file `NNNN-name.ts` and list it here; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [migration0001];
