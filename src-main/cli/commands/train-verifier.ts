import path from 'node:path';
import { runWorker } from '../../jobs/worker-host';
import { defaultImagesDir } from '../../ml/data/coco-dataset';
import type { BackendName } from '../../shared/contract/app';
import type { TrainVerifierInput, TrainVerifierResult } from '../../workers/train-verifier';
import { num, str, UsageError, type Command } from '../command';

/** `--coco` values (repeatable) paired with `--images` values, or the folder next to each file. */
function pairs(cocos: string[], images: string[]): { coco: string; images: string }[] {
  if (images.length && images.length !== cocos.length)
    throw new UsageError('Give one --images per --coco, or none (images/ next to each file is used).');
  return cocos.map((c, i) => ({ coco: path.resolve(c), images: path.resolve(images[i] ?? defaultImagesDir(c)) }));
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

export const trainVerifierCommand: Command = {
  name: 'train-verifier',
  summary:
    "Train a model's crop verifier for one class (a second look at each exemption_label box, or --class) on labelled pages.",
  usage:
    'train-verifier --model DIR --coco GT.json [--images DIR] [--coco ... --images ...] [--val-coco GT.json --val-images DIR] [--class NAME] [--epochs N] [--lr X] [--out DIR] [--json]',
  options: {
    model: { type: 'string' },
    coco: { type: 'string', multiple: true },
    images: { type: 'string', multiple: true },
    'val-coco': { type: 'string' },
    'val-images': { type: 'string' },
    epochs: { type: 'string' },
    jitter: { type: 'string' },
    lr: { type: 'string' },
    seed: { type: 'string' },
    class: { type: 'string' },
    backend: { type: 'string' },
    out: { type: 'string' },
  },
  optionHelp: {
    model: 'exported model folder whose detector finds the candidates',
    coco: 'labelled pages to learn from (repeat for several sets)',
    images: 'images folder of each --coco (default: images/ next to it)',
    'val-coco': 'held-out labelled pages: the verifier mix is chosen on them and measured',
    'val-images': 'images folder of --val-coco',
    epochs: 'passes over the examples (default 3)',
    jitter: 'shifted copies of each labelled box added as examples (default 2)',
    lr: 'peak learning rate of Adam (default 0.002)',
    seed: 'random seed (default 1)',
    class: 'class to verify (default exemption_label)',
    backend: 'auto (default), wasm, cpu, tfjs-node or tfjs-node-gpu',
    out: 'model folder to write (default: --model itself)',
  },
  async run({ values, json, io }) {
    const model = str(values.model);
    if (!model) throw new UsageError('--model DIR is required: the exported model to add a verifier to.');
    const cocos = list(values.coco);
    if (cocos.length === 0) throw new UsageError('--coco GT.json is required: labelled pages to learn from.');
    const valCoco = str(values['val-coco']);
    const epochs = num(values.epochs, 'epochs', 3)!;
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new UsageError('--epochs must be a whole number, 1 or more.');
    const jitter = num(values.jitter, 'jitter', 2)!;
    if (!(Number.isInteger(jitter) && jitter >= 0)) throw new UsageError('--jitter must be a whole number, 0 or more.');
    const lr = num(values.lr, 'lr', 0.002)!;
    if (!(lr > 0 && lr < 1)) throw new UsageError('--lr must be between 0 and 1.');
    const input: TrainVerifierInput = {
      backend: (str(values.backend) ?? 'auto') as BackendName | 'auto',
      modelDir: path.resolve(model),
      outDir: path.resolve(str(values.out) ?? model),
      cls: str(values.class) ?? 'exemption_label',
      train: pairs(cocos, list(values.images)),
      val: valCoco
        ? { coco: path.resolve(valCoco), images: path.resolve(str(values['val-images']) ?? defaultImagesDir(valCoco)) }
        : null,
      epochs,
      jitter,
      lr,
      seed: num(values.seed, 'seed', 1)!,
    };
    let shown = -1;
    const r = await runWorker<TrainVerifierResult>('train-verifier', input, {
      onProgress: (f, msg) => {
        if (!json && (f === 1 || f - shown >= 0.05)) {
          shown = f;
          io.warn(msg ?? `${Math.round(f * 100)}%`);
        }
      },
      maxOldGenerationSizeMb: 4096,
    });
    if (json) io.json(r);
    else {
      const m = r.metrics;
      const val =
        m.verifiedAP !== undefined
          ? `; validation candidates ranked: AP ${m.detectorAP!.toFixed(3)} -> ${m.verifiedAP.toFixed(3)} (mix ${r.mix})`
          : ` (mix ${r.mix}; give --val-coco to choose it)`;
      if (r.divergedInEpoch)
        io.warn(
          `Training diverged in epoch ${r.divergedInEpoch}; the weights after epoch ${r.divergedInEpoch - 1} were kept.`,
        );
      io.info(
        `Verifier trained on ${r.examples} candidates (${r.positives} of the class) in ${Math.round(r.seconds)} s on ${r.backend}${val}. Wrote ${r.outDir}.`,
      );
    }
    return 0;
  },
};
