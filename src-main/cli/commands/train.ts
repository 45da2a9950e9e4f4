import path from 'node:path';
import { createServices, type Services } from '../../app/services';
import type { RunDTO, RunLogEvent, RunProgressEvent } from '../../shared/contract/runs';
import { startRunSchema } from '../../shared/contract/runs';
import { AppError } from '../../shared/errors';
import type { RunOverrides } from '../../training/training-service';
import { num, str, UsageError, type Command, type CommandIO, type Values } from '../command';

function int(v: Values[string], name: string, lo: number, hi: number): number | undefined {
  const n = num(v, name);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < lo || n > hi)
    throw new UsageError(`--${name} must be a whole number from ${lo} to ${hi}, got ${n}.`);
  return n;
}

function required<T>(v: T | undefined, name: string): T {
  if (v === undefined) throw new UsageError(`--${name} is required (or --resume RUN).`);
  return v;
}

/** The request for `runs:start` from the command line (validated by the same schema as the UI). */
function startRequest(values: Values, s: Services): unknown {
  const coco = str(values.coco);
  const images = str(values.images);
  if ((coco === undefined) !== (images === undefined))
    throw new UsageError('--coco FILE and --images DIR go together.');
  const valCoco = str(values['val-coco']);
  const valImages = str(values['val-images']);
  if ((valCoco === undefined) !== (valImages === undefined))
    throw new UsageError('--val-coco FILE and --val-images DIR go together.');
  const synCoco = str(values['synthetic-coco']);
  const synImages = str(values['synthetic-images']);
  if ((synCoco === undefined) !== (synImages === undefined))
    throw new UsageError('--synthetic-coco and --synthetic-images go together.');
  const train = [
    ...(coco ? [{ coco: path.resolve(coco), images: path.resolve(images!) }] : []),
    ...(synCoco ? [{ coco: path.resolve(synCoco), images: path.resolve(synImages!), synthetic: true }] : []),
  ];
  const req: Record<string, unknown> = {
    backbone: str(values.backbone) ?? 'small',
    imageSize: required(int(values['image-size'], 'image-size', 128, 2048), 'image-size'),
    batchSize: required(int(values['batch-size'], 'batch-size', 1, 256), 'batch-size'),
    epochs: required(int(values.epochs, 'epochs', 1, 1000), 'epochs'),
  };
  if (train.length) req.train = train;
  else req.datasetId = s.datasets.defaultId();
  if (valCoco) req.val = { coco: path.resolve(valCoco), images: path.resolve(valImages!) };
  const opt = (key: string, name: string): void => {
    const v = num(values[name], name);
    if (v !== undefined) req[key] = v;
  };
  opt('lr', 'lr');
  opt('weightDecay', 'weight-decay');
  opt('seed', 'seed');
  opt('syntheticShare', 'synthetic-share');
  if (values['no-augment']) req.augment = false;
  const out = str(values.out);
  if (out) req.outDir = path.resolve(out);
  const name = str(values.name);
  if (name) req.name = name;
  const init = str(values.init);
  if (init) req.init = init === 'default' || init === 'none' ? init : path.resolve(init);
  return req;
}

function overrides(values: Values): RunOverrides {
  const o: RunOverrides = {};
  const threads = int(values.threads, 'threads', 1, 64);
  if (threads) o.threads = threads;
  const every = int(values['checkpoint-every'], 'checkpoint-every', 1, 1_000_000);
  if (every) o.checkpointEverySteps = every;
  const cache = int(values['cache-mb'], 'cache-mb', 0, 1_000_000);
  if (cache !== undefined) o.cacheMb = cache;
  return o;
}

function progressLine(p: RunProgressEvent): string {
  const loss = p.losses.total !== undefined ? p.losses.total.toFixed(4) : '?';
  const eta = p.etaSeconds !== null ? `, ETA ${Math.round(p.etaSeconds / 60)} min` : '';
  return `step ${p.step}/${p.totalSteps} epoch ${p.epoch.toFixed(2)}/${p.epochs} loss ${loss} lr ${p.lr.toExponential(2)} ${p.imagesPerSec.toFixed(1)} img/s${eta}`;
}

/** Streams progress to stderr; Ctrl-C stops the run after a checkpoint (twice: kills it). */
async function follow(s: Services, run: RunDTO, io: CommandIO, json: boolean): Promise<RunDTO> {
  let last = 0;
  const unsub = s.bus.subscribe((name, payload) => {
    if (name === 'runs:onProgress') {
      const p = payload as RunProgressEvent;
      if (p.runId === run.id && !json && (Date.now() - last > 5000 || p.step === p.totalSteps)) {
        last = Date.now();
        io.warn(progressLine(p));
      }
    }
    if (name === 'runs:onMetric' && !json) {
      const m = payload as { runId: number; points: { name: string; value: number }[] };
      const ap = m.points.find((x) => x.name === 'val/AP50');
      if (m.runId === run.id && ap)
        io.warn(`validation: ${m.points.map((x) => `${x.name}=${x.value.toFixed(3)}`).join(' ')}`);
    }
    if (name === 'runs:onLog') {
      const l = payload as RunLogEvent;
      // --json keeps stderr for what went wrong; the informative lines are for people.
      if (l.runId === run.id && (l.level !== 'info' || !json))
        io.warn(l.level === 'info' ? l.message : `${l.level}: ${l.message}`);
    }
  });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      io.warn('Stopping after a checkpoint (Ctrl-C again to kill; the run can still be resumed).');
      s.training.stop(run.id);
    } else {
      const pid = s.training.pid(run.id);
      if (pid) process.kill(pid, 'SIGKILL');
    }
  };
  process.on('SIGINT', onSigint);
  try {
    return await s.training.wait(run.id);
  } finally {
    process.off('SIGINT', onSigint);
    unsub();
  }
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train a redaction detector (recorded as a run in the data folder; stop with Ctrl-C, resume later).',
  usage:
    'train [--data-dir DIR | --coco FILE --images DIR] --image-size N --batch-size N --epochs N [--backbone small|medium|large] [--lr X] [--val-coco FILE --val-images DIR] [--out DIR] [--resume RUN] [--json]',
  options: {
    coco: { type: 'string' },
    images: { type: 'string' },
    'image-size': { type: 'string' },
    'batch-size': { type: 'string' },
    epochs: { type: 'string' },
    backbone: { type: 'string' },
    lr: { type: 'string' },
    'weight-decay': { type: 'string' },
    seed: { type: 'string' },
    'val-coco': { type: 'string' },
    'val-images': { type: 'string' },
    'synthetic-coco': { type: 'string' },
    'synthetic-images': { type: 'string' },
    'synthetic-share': { type: 'string' },
    'no-augment': { type: 'boolean' },
    threads: { type: 'string' },
    'checkpoint-every': { type: 'string' },
    'cache-mb': { type: 'string' },
    name: { type: 'string' },
    init: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'string' },
    export: { type: 'string' },
  },
  optionHelp: {
    coco: "training annotations (COCO); without it, the data folder's default dataset (train split)",
    images: 'folder of the training images',
    'image-size': 'square input side in pixels, a multiple of 32 (384, 512, 640, ...)',
    'batch-size': 'images per step',
    epochs: 'passes over the training pages',
    backbone: 'small (CPU, default), medium or large',
    lr: 'peak learning rate (default 0.002; warmup then cosine decay)',
    'weight-decay': 'AdamW weight decay (default 0.05)',
    seed: 'seed for weights, data order and augmentation (default 1)',
    'val-coco': 'validation annotations, evaluated after every epoch (COCO AP, AP50, ...)',
    'val-images': 'folder of the validation images',
    'synthetic-coco': 'synthetic pages to mix in (with --synthetic-images)',
    'synthetic-images': 'folder of the synthetic pages',
    'synthetic-share': 'share of synthetic pages per epoch, 0..0.95',
    'no-augment': 'train without augmentation',
    threads: 'data-parallel training threads (default: up to 2)',
    'checkpoint-every': 'also checkpoint every N steps',
    'cache-mb': 'memory for decoded pages kept between epochs (default 1024)',
    name: 'name of the run',
    init: 'start from: "default" (the shipped model; the default when its backbone matches), a model folder, or "none"',
    out: 'run folder: checkpoints, then the exported model (default: DATA/runs/<id>)',
    resume: 'continue run RUN (its id) from its last good checkpoint',
    export: "write run RUN's best checkpoint as a model folder into --out DIR (while it trains, too)",
  },
  async run({ values, dataDir, json, io }) {
    const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
    try {
      const exportRun = str(values.export);
      if (exportRun) {
        const out = str(values.out);
        if (!out) throw new UsageError('--export RUN needs --out DIR for the model folder.');
        const r = await s.training.exportModel(Number(exportRun), path.resolve(out));
        if (json) io.json(r);
        else io.info(`Exported run ${exportRun} at step ${r.step} to ${r.modelDir}.`);
        return 0;
      }
      const resume = str(values.resume);
      let run: RunDTO;
      if (resume) {
        const id = Number(resume);
        if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--resume needs a run id, got "${resume}".`);
        s.training.recoverInterrupted();
        run = s.training.resume(id);
      } else {
        const parsed = startRunSchema.safeParse(startRequest(values, s));
        if (!parsed.success)
          throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        run = s.training.start(parsed.data, overrides(values));
      }
      if (!json) io.warn(`Run ${run.id} (${run.name}) training in ${run.outDir}`);
      const end = await follow(s, run, io, json);
      const metrics = s.training.get(end.id).checkpoints.find((c) => c.isBest)?.metrics ?? null;
      if (json) io.json({ run: end, metrics, modelDir: end.status === 'completed' ? end.outDir : null });
      else
        io.info(
          `Run ${end.id} ${end.status} at step ${end.stepsDone}/${end.stepsTotal ?? '?'}${end.bestAp50 !== null ? `, best AP50 ${end.bestAp50.toFixed(3)}` : ''}${end.status === 'completed' ? `; model in ${end.outDir}` : ''}.`,
        );
      if (end.status === 'failed' || end.status === 'interrupted') {
        throw new AppError('TRAINING_FAILED', end.error ?? `Run ${end.id} ended as ${end.status}.`);
      }
      return 0;
    } finally {
      await s.close();
    }
  },
};
