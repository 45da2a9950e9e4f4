import path from 'node:path';
import { AppError } from '../../shared/errors';
import { PageCache } from '../data/page-cache';
import { Detector } from '../model/detector';
import { batchIndices, epochOrder, loadBatch, type Batch } from './batches';
import type { CheckpointData, TrainState } from './checkpoint';
import { CheckpointKeeper } from './checkpoint-keeper';
import { exportRun } from './export-run';
import { gradNorm, type AdamWState } from './optimizer';
import { ReplicaPool } from './replica-pool';
import type { StepReply } from './replica-protocol';
import { learningRate, type ScheduleConfig } from './schedule';
import { replicaCount, type TrainConfig } from './train-config';
import {
  assertCompatible,
  cpuCount,
  freshStart,
  loadRunData,
  paramLayout,
  runLength,
  scheduleOf,
  type ParamLayout,
  type RunData,
} from './trainer-setup';
import { applyUpdate, runStep } from './trainer-step';
import type { TrainerHooks, TrainOutcome } from './trainer-types';
import { validate } from './validate';

export interface TrainerInput {
  config: TrainConfig;
  /** Run folder: checkpoints/ inside, the exported model at its top. */
  outDir: string;
  resume: CheckpointData | null;
  datasetHash: string;
}

/**
 * The training loop (detectron2's SimpleTrainer with hooks): data-parallel steps on replica
 * threads, AdamW in the coordinator, per-epoch validation, atomic checkpoints (last 2 + best),
 * exact resume, NaN rollback and out-of-memory retries; the model folder is exported at the end.
 */
export async function train(input: TrainerInput, hooks: TrainerHooks): Promise<TrainOutcome> {
  const loop = new TrainingLoop(input, hooks);
  try {
    return await loop.run();
  } finally {
    await loop.close();
  }
}

class TrainingLoop {
  private readonly cfg: TrainConfig;
  private readonly data: RunData;
  private readonly det: Detector;
  private readonly layout: ParamLayout;
  private readonly perEpoch: number;
  private readonly total: number;
  private readonly sched: ScheduleConfig;
  private readonly shared: SharedArrayBuffer;
  private readonly params: Float32Array;
  private readonly cache: PageCache;
  private readonly keeper: CheckpointKeeper;
  private readonly orders = new Map<number, number[]>();
  private readonly faulted = new Set<number>();
  /** The last checkpoint (for NaN rollbacks). */
  private ck: CheckpointData;
  private state: TrainState;
  private opt: AdamWState;
  private pool: ReplicaPool | null = null;
  private lastCkTime = Date.now();
  private window = { start: Date.now(), images: 0 };

  constructor(
    private readonly input: TrainerInput,
    private readonly hooks: TrainerHooks,
  ) {
    this.cfg = input.config;
    this.data = loadRunData(this.cfg);
    this.det = new Detector({ backbone: this.cfg.backbone, classes: this.data.classes, imageSize: this.cfg.imageSize });
    this.layout = paramLayout(this.det);
    ({ perEpoch: this.perEpoch, total: this.total } = runLength(this.cfg, this.data));
    this.sched = scheduleOf(this.cfg, this.total);
    this.ck = input.resume ?? freshStart(this.cfg, this.det, this.layout, this.total, input.datasetHash);
    assertCompatible(this.ck, this.det.cfg, this.layout);
    this.state = structuredClone(this.ck.state);
    this.opt = { t: this.state.adamT, m: this.ck.m.slice(), v: this.ck.v.slice() };
    this.shared = new SharedArrayBuffer(this.layout.total * 4);
    this.params = new Float32Array(this.shared);
    this.params.set(this.ck.weights);
    this.cache = new PageCache(this.cfg.imageSize, this.cfg.cacheMb * 1024 * 1024);
    this.keeper = new CheckpointKeeper(
      path.join(input.outDir, 'checkpoints'),
      this.state.step,
      this.state.best?.step ?? null,
    );
  }

  async run(): Promise<TrainOutcome> {
    const cfg = this.cfg;
    const native = cfg.backend === 'tfjs-node' || cfg.backend === 'tfjs-node-gpu';
    const pool = await ReplicaPool.create(
      replicaCount(cfg, cpuCount(), native),
      cfg.backend,
      this.det.cfg,
      this.shared,
    );
    this.pool = pool;
    this.state.backend = pool.backend;
    this.hooks.started?.({
      backend: pool.backend,
      replicas: pool.size,
      totalSteps: this.total,
      classes: this.data.classes,
      report: pool.report,
    });
    let next = this.state.step < this.total ? this.batchAt(this.state.step) : null;
    while (this.state.step < this.total) {
      const batch = await next!;
      const step = this.state.step;
      next = step + 1 < this.total ? this.batchAt(step + 1) : null;
      next?.catch(() => undefined);
      const lr = learningRate(this.sched, step) * this.state.lrScale;
      const res = await runStep(
        this.pool,
        batch,
        this.state,
        () => this.restartPool(),
        (p) => (this.pool = p),
        this.hooks,
      );
      const loss = this.injectFault(step) ? NaN : res.losses.total!;
      const norm = gradNorm(res.grads);
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        this.rollback(loss, step);
        next = this.batchAt(this.state.step);
        continue;
      }
      this.apply(res, lr, norm);
      this.report(res, loss, lr, batch.images.length);
      const stop = await this.endOfStep(res, lr);
      if (stop && this.state.step < this.total) return { status: 'stopped', state: this.state };
    }
    const modelDir = exportRun(this.input.outDir, this.det, this.data.classes, this.state, this.keeper.best, this.ck);
    return { status: 'completed', state: this.state, modelDir };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.det.dispose();
  }

  private restartPool(): Promise<ReplicaPool> {
    return ReplicaPool.create(this.pool!.size, this.cfg.backend, this.det.cfg, this.shared);
  }

  private orderOf(epoch: number): number[] {
    let o = this.orders.get(epoch);
    if (!o) {
      o = epochOrder(this.data.train, this.cfg.seed, epoch, this.cfg.syntheticShare);
      this.orders.set(epoch, o);
    }
    return o;
  }

  /** The batch of a step: depends only on (seed, step), never on when it is loaded. */
  private batchAt(step: number): Promise<Batch> {
    const epoch = Math.floor(step / this.perEpoch);
    const k = step % this.perEpoch;
    const order = this.orderOf(epoch);
    const bs = Math.min(this.cfg.batchSize, order.length);
    return loadBatch(this.data.train, batchIndices(order, k, bs), this.cache, {
      size: this.cfg.imageSize,
      loc: this.det.loc,
      augment: this.cfg.augment,
      seed: this.cfg.seed,
      epoch,
      firstPosition: k * bs,
    });
  }

  /** Test hook: a NaN loss on the first attempt of the configured steps. */
  private injectFault(step: number): boolean {
    if (!this.cfg.faults?.nanAtSteps?.includes(step) || this.faulted.has(step)) return false;
    this.faulted.add(step);
    return true;
  }

  /** Back to the last checkpoint with half the learning rate; fails after three tries. */
  private rollback(loss: number, step: number): void {
    const rollbacks = this.state.rollbacks + 1;
    if (rollbacks > 3) {
      throw new AppError(
        'TRAINING_FAILED',
        `The loss became ${loss} at step ${step + 1} even after lowering the learning rate three times. Lower --lr or check the annotations.`,
      );
    }
    this.hooks.log({
      level: 'warn',
      step: step + 1,
      message: `Loss is ${loss} at step ${step + 1}: back to step ${this.ck.state.step} with half the learning rate.`,
    });
    const lrScale = this.state.lrScale * 0.5;
    this.state = { ...structuredClone(this.ck.state), lrScale, rollbacks };
    this.opt = { t: this.ck.state.adamT, m: this.ck.m.slice(), v: this.ck.v.slice() };
    this.params.set(this.ck.weights);
    this.pool!.version++;
  }

  /** AdamW on the trainable values, running statistics of the batch norms; then the step counts. */
  private apply(res: StepReply, lr: number, norm: number): void {
    applyUpdate(this.params, this.layout, res, this.opt, lr, this.cfg.weightDecay, norm);
    this.pool!.version++;
    this.state.step += 1;
    this.state.epoch = Math.floor(this.state.step / this.perEpoch);
  }

  private imagesPerSec(): number {
    return this.window.images / Math.max(1e-3, (Date.now() - this.window.start) / 1000);
  }

  private report(res: StepReply, loss: number, lr: number, images: number): void {
    const s = this.state.step;
    this.window.images += images;
    const ips = this.imagesPerSec();
    const parts: [string, number][] = [
      ['train/loss', loss],
      ['train/loss_cls', res.losses.cls!],
      ['train/loss_box', res.losses.box!],
      ['train/loss_quality', res.losses.quality!],
      ['train/lr', lr],
      ['train/images_per_sec', ips],
    ];
    this.hooks.metrics(parts.map(([name, value]) => ({ name, step: s, epoch: s / this.perEpoch, value })));
    const eta = Math.round(((this.total - s) * images) / Math.max(ips, 1e-6));
    this.progress(res, lr, eta, 'train');
    if (Date.now() - this.window.start > 30_000) this.window = { start: Date.now(), images: 0 };
  }

  private progress(res: StepReply, lr: number, etaSeconds: number | null, phase: 'train' | 'validate'): void {
    const s = this.state.step;
    this.hooks.progress({
      step: s,
      totalSteps: this.total,
      epoch: s / this.perEpoch,
      epochs: this.cfg.epochs,
      losses: res.losses,
      lr,
      imagesPerSec: this.imagesPerSec(),
      etaSeconds,
      memoryMb: Math.round(process.memoryUsage().rss / 1048576),
      phase,
    });
  }

  /** Validation at epoch ends, checkpoints when due; returns whether a stop was requested. */
  private async endOfStep(res: StepReply, lr: number): Promise<boolean> {
    const s = this.state;
    const epochEnd = s.step % this.perEpoch === 0;
    let isBest = false;
    if (epochEnd && this.data.val.length > 0) {
      this.progress(res, lr, null, 'validate');
      const m = await validate(this.pool!, this.data.val, this.cache, {
        size: this.cfg.imageSize,
        loc: this.det.loc,
        classes: this.data.classes,
        batchSize: this.cfg.batchSize,
      });
      s.metrics = m;
      this.hooks.metrics(Object.entries(m).map(([name, value]) => ({ name, step: s.step, epoch: s.epoch, value })));
      const score = m['val/AP50'] ?? -1;
      if (!s.best || score >= s.best.value) {
        s.best = { metric: 'val/AP50', value: score, step: s.step };
        isBest = true;
      }
    }
    const cfg = this.cfg;
    const byTime = cfg.checkpointEveryMinutes > 0 && Date.now() - this.lastCkTime > cfg.checkpointEveryMinutes * 60_000;
    const bySteps = cfg.checkpointEverySteps > 0 && s.step % cfg.checkpointEverySteps === 0;
    const stop = this.hooks.stopRequested();
    // Without validation the final weights are the ones to use: mark them best.
    if (s.step === this.total && this.data.val.length === 0) isBest = true;
    if (epochEnd || byTime || bySteps || stop || s.step === this.total) this.checkpoint(isBest);
    return stop;
  }

  private checkpoint(isBest: boolean): void {
    this.state.adamT = this.opt.t;
    this.ck = {
      state: structuredClone(this.state),
      weights: this.params.slice(),
      m: this.opt.m.slice(),
      v: this.opt.v.slice(),
    };
    this.hooks.checkpoint(this.keeper.save(this.ck, isBest));
    this.lastCkTime = Date.now();
  }
}
