import fs from 'node:fs';
import path from 'node:path';
import { defineWorker } from '../jobs/worker-side';
import { generatePage } from '../synth/generate';
import type { BatchPage, SynthWorkerInput } from '../synth/batch-types';

/** Generates the pages `indices` of one synthetic set, writes each PNG and reports its labels. */
defineWorker<SynthWorkerInput, { done: number }>(async (input, tools) => {
  const dir = path.join(input.outDir, 'images');
  fs.mkdirSync(dir, { recursive: true });
  let done = 0;
  for (const index of input.indices) {
    const page = await generatePage(input.settings, input.seed, index, { fontsDir: input.fontsDir });
    const file = input.fileName.replace('{index}', String(index).padStart(6, '0'));
    fs.writeFileSync(path.join(dir, file), page.png);
    const out: BatchPage = {
      index,
      file,
      width: page.width,
      height: page.height,
      annotations: page.annotations,
      meta: page.meta,
    };
    tools.emit(out);
    done++;
  }
  return { done };
});
