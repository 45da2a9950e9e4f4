/**
 * Inference as the Review view and the evaluation call it: batch after batch of pages through
 * `InferenceService`. Baseline measured in the same run: each batch in fresh threads (loading the
 * backend and the model every time, as before the threads were kept warm); then one service whose
 * threads stay warm between batches. Prints pages/s of both and their ratio.
 * `npm run bench:infer [-- --pages 24 --batch 4 --model DIR]` (default: the shipped model).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InferenceService } from '../src-main/ml/inference-service';
import { generateBatch } from '../src-main/synth/batch';
import { builtInProfile } from '../src-main/synth/profiles';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '24' },
    batch: { type: 'string', default: '4' },
    model: { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
});

async function pagesPerSecond(images: string[], batch: number, fresh: boolean): Promise<number> {
  let service = new InferenceService(() => 'auto');
  const t0 = performance.now();
  for (let i = 0; i < images.length; i += batch) {
    if (fresh) {
      await service.close();
      service = new InferenceService(() => 'auto');
    }
    await service.run({ modelDir: values.model, images: images.slice(i, i + batch), threshold: 0.3 });
  }
  const s = (performance.now() - t0) / 1000;
  await service.close();
  return images.length / s;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-bench-infer-'));
  try {
    const profile = builtInProfile('default')!;
    await generateBatch({ settings: profile.settings, seed: 77, count: Number(values.pages), outDir: dir, workers: 2 });
    const images = fs
      .readdirSync(path.join(dir, 'images'))
      .sort()
      .map((f) => path.join(dir, 'images', f));
    const batch = Number(values.batch);
    console.log(
      `inference bench: ${images.length} synthetic pages in calls of ${batch}, model ${values.model ?? 'default'}, ${os.cpus().length} cores`,
    );
    let cold = 0;
    let warm = 0;
    // Interleaved rounds, best of each, so that load from other work hits both alike.
    for (let r = 0; r < Number(values.rounds); r++) {
      cold = Math.max(cold, await pagesPerSecond(images, batch, true));
      warm = Math.max(warm, await pagesPerSecond(images, batch, false));
    }
    console.log(`  fresh threads per call (baseline): ${cold.toFixed(2)} pages/s`);
    console.log(`  warm threads:                      ${warm.toFixed(2)} pages/s`);
    console.log(`  ratio warm/baseline: ${(warm / cold).toFixed(2)}x`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
