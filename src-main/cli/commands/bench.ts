import { benchTorch, benchTraining, loadPerCore } from '../../ml/bench/train-bench';
import { BACKBONES, type BackboneSize } from '../../ml/model/config';
import type { BackendName } from '../../shared/contract/app';
import { num, str, UsageError, type Command } from '../command';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Measure training and inference speed of the detector on this machine (optionally against PyTorch).',
  usage:
    'bench [--sizes 256,384,512] [--batch-size N] [--steps N] [--backbone small|medium|large] [--backend NAME] [--torch] [--json]',
  options: {
    sizes: { type: 'string' },
    'batch-size': { type: 'string' },
    steps: { type: 'string' },
    backbone: { type: 'string' },
    backend: { type: 'string' },
    torch: { type: 'boolean' },
  },
  optionHelp: {
    sizes: 'image sizes in pixels, comma-separated (default 256,384,512)',
    'batch-size': 'images per training step (default 8)',
    steps: 'timed steps per size (default 6)',
    backbone: 'small (default), medium or large',
    backend: 'auto (default), wasm, cpu, tfjs-node or tfjs-node-gpu',
    torch: "also train the same architecture with PyTorch (Debian's python3-torch) and print the ratio",
  },
  async run({ values, json, io }) {
    const sizes = (str(values.sizes) ?? '256,384,512').split(',').map((v) => Number(v.trim()));
    if (sizes.some((s) => !Number.isInteger(s) || s < 64 || s > 2048 || s % 32 !== 0))
      throw new UsageError('--sizes must be multiples of 32 between 64 and 2048.');
    const backbone = (str(values.backbone) ?? 'small') as BackboneSize;
    if (!BACKBONES.includes(backbone)) throw new UsageError(`--backbone must be one of ${BACKBONES.join(', ')}.`);
    const opts = {
      sizes,
      batchSize: num(values['batch-size'], 'batch-size', 8)!,
      steps: num(values.steps, 'steps', 6)!,
      backbone,
      backend: (str(values.backend) ?? 'auto') as BackendName | 'auto',
    };
    const load = loadPerCore();
    const ours = await benchTraining(opts);
    const torch = values.torch ? await benchTorch({ ...opts, threads: ours.replicas }) : null;
    const rows = ours.rows.map((r, i) => {
      const t = torch?.[i];
      return {
        ...r,
        torchTrainImagesPerSec: t?.trainImagesPerSec ?? null,
        trainRatio: t ? r.trainImagesPerSec / t.trainImagesPerSec : null,
      };
    });
    if (json) {
      io.json({ backend: ours.backend, replicas: ours.replicas, backbone, loadPerCore: load, rows });
      return 0;
    }
    io.info(
      `${backbone} detector on ${ours.backend} (${ours.replicas} thread(s)), machine load per core ${load.toFixed(2)}`,
    );
    for (const r of rows) {
      const vs =
        r.trainRatio !== null
          ? `, PyTorch ${r.torchTrainImagesPerSec!.toFixed(1)} img/s (ratio ${r.trainRatio.toFixed(2)})`
          : '';
      io.info(
        `${r.size} px: training ${r.trainImagesPerSec.toFixed(1)} img/s, inference ${r.inferImagesPerSec.toFixed(1)} pages/s${vs}`,
      );
    }
    if (values.torch && !torch)
      io.warn('PyTorch was not found (/usr/bin/python3 with torch); install python3-torch to compare.');
    return 0;
  },
};
