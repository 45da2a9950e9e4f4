import path from 'node:path';
import { resourcesDir } from '../app/locations';

/** Bumped whenever a change alters generated pixels or labels for the same seed and settings. */
export const GENERATOR_VERSION = 4;

/** The shipped generator fonts (resources/fonts). */
export function defaultFontsDir(): string {
  return path.join(resourcesDir(), 'fonts');
}
