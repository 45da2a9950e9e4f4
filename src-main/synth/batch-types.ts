import type { SynthAnnotation, SynthSettings } from '../shared/contract/synth';
import type { SynthPageMeta } from './generate';

/** What the synth worker gets: which pages of which set to make, and where to write them. */
export interface SynthWorkerInput {
  settings: SynthSettings;
  seed: number;
  indices: number[];
  /** Pages go to `outDir/images/`. */
  outDir: string;
  /** File name pattern; `{index}` becomes the zero-padded page index. */
  fileName: string;
  fontsDir: string;
}

/** One generated page as reported by a worker (the PNG is already on disk). */
export interface BatchPage {
  index: number;
  /** File name inside `outDir/images/`. */
  file: string;
  width: number;
  height: number;
  annotations: SynthAnnotation[];
  meta: SynthPageMeta;
}
