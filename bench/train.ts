/**
 * Training speed of the detector: images/s at 256/384/512 px on the backend in use (data-parallel
 * replicas, as `redlab train` runs), inference pages/s, and, where Debian's python3-torch is
 * installed, the same architecture trained with PyTorch on the same cores in the same run, as a
 * ratio. Usage: npm run bench:train [-- --sizes 256,384,512 --batch 8 --steps 8 --rounds 3]
 * With --profile: where one training step's time goes on one thread, per kernel (tf.profile), at
 * each size with the batch one replica gets (half of --batch with two replicas).
 */
import { parseArgs } from 'node:util';
import {
  benchTorch,
  benchTraining,
  loadPerCore,
  profileTrainStep,
  type SpeedRow,
} from '../src-main/ml/bench/train-bench';
import type { BackboneSize } from '../src-main/ml/model/config';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '256,384,512' },
      batch: { type: 'string', default: '8' },
      steps: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '3' },
      backbone: { type: 'string', default: 'small' },
      backend: { type: 'string', default: 'auto' },
      profile: { type: 'boolean', default: false },
    },
  });
  if (values.profile) {
    for (const size of values.sizes.split(',').map(Number)) {
      const p = await profileTrainStep({
        size,
        batch: Math.max(1, Math.ceil(Number(values.batch) / 2)),
        backbone: values.backbone as BackboneSize,
        backend: values.backend as 'auto',
        steps: Number(values.steps),
      });
      const total = p.kernels.reduce((a, k) => a + k.ms, 0);
      console.log(
        `${p.size} px, batch ${p.batch}, ${p.backend}, one thread: step ${p.stepMs.toFixed(0)} ms, ${((p.batch * 1000) / p.stepMs).toFixed(1)} img/s, convolutions ${p.gflops.toFixed(1)} GFLOP/s over the step`,
      );
      console.log('kernel                        ms  calls  share of kernel time');
      for (const k of p.kernels.slice(0, 15)) {
        console.log(
          `${k.kernel.padEnd(26)} ${k.ms.toFixed(1).padStart(7)} ${String(k.calls).padStart(6)}  ${((100 * k.ms) / total).toFixed(1).padStart(5)} %`,
        );
      }
      console.log(JSON.stringify(p));
    }
    return;
  }
  const sizes = values.sizes.split(',').map(Number);
  const opts = {
    sizes,
    batchSize: Number(values.batch),
    steps: Number(values.steps),
    backbone: values.backbone as BackboneSize,
    backend: values.backend as 'auto',
  };
  const loadBefore = loadPerCore();
  // Interleave rounds of both so that load from other work hits both alike; keep each one's best.
  const best = (a: SpeedRow[] | null, b: SpeedRow[] | null): SpeedRow[] | null =>
    !a
      ? b
      : !b
        ? a
        : a.map((r, i) => ({
            ...r,
            trainImagesPerSec: Math.max(r.trainImagesPerSec, b[i]!.trainImagesPerSec),
            inferImagesPerSec: Math.max(r.inferImagesPerSec, b[i]!.inferImagesPerSec),
          }));
  let ours: SpeedRow[] | null = null;
  let torch: SpeedRow[] | null = null;
  let info = { backend: '', replicas: 0 };
  for (let r = 0; r < Number(values.rounds); r++) {
    const o = await benchTraining(opts);
    info = o;
    ours = best(ours, o.rows);
    torch = best(torch, await benchTorch({ ...opts, threads: o.replicas }));
  }
  const loadAfter = loadPerCore();
  console.log(
    `detector ${values.backbone}, batch ${values.batch}, backend ${info.backend} with ${info.replicas} replica thread(s)`,
  );
  console.log(
    `machine load per core: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (1.0 = every core busy)`,
  );
  console.log('size  train img/s  infer img/s' + (torch ? '  torch train  torch infer  train ratio  infer ratio' : ''));
  ours!.forEach((r, i) => {
    const t = torch?.[i];
    const cols = [
      String(r.size).padEnd(4),
      r.trainImagesPerSec.toFixed(1).padStart(11),
      r.inferImagesPerSec.toFixed(1).padStart(12),
    ];
    if (t)
      cols.push(
        t.trainImagesPerSec.toFixed(1).padStart(12),
        t.inferImagesPerSec.toFixed(1).padStart(12),
        (r.trainImagesPerSec / t.trainImagesPerSec).toFixed(2).padStart(12),
        (r.inferImagesPerSec / t.inferImagesPerSec).toFixed(2).padStart(12),
      );
    console.log(cols.join(' '));
  });
  if (!torch)
    console.log('PyTorch reference skipped: /usr/bin/python3 has no torch (apt-get install -y python3-torch).');
  console.log(
    JSON.stringify({ backend: info.backend, replicas: info.replicas, load: [loadBefore, loadAfter], ours, torch }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
