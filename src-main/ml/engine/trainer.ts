import path from 'node:path';
import { AppError } from '../../shared/errors';
import { PageCache } from '../data/page-cache';
import { Detector } from '../model/detector';
import { batchIndices, epochOrder, loadBatch, type Batch } from './batches';
import fs from 'node:fs';
import {
  checkpointDir,
  listCheckpoints,
  removeTempCheckpoints,
  writeCheckpoint,
  type CheckpointData,
} from './checkpoint';
import { exportRun } from './export-run';
import { adamwStep, DEFAULT_ADAMW, gradNorm } from './optimizer';
import { ReplicaPool } from './replica-pool';
import { learningRate } from './schedule';
import { replicaCount, type TrainConfig } from './train-config';
import {
  assertCompatible,
  cpuCount,
  freshStart,
  loadRunData,
  paramLayout,
  runLength,
  scheduleOf,
} from './trainer-setup';
import { runStep } from './trainer-step';
import type { TrainerHooks, TrainOutcome } from './trainer-types';
import { validate } from './validate';

export interface TrainerInput {
  config: TrainConfig;
  /** Run folder: checkpoints/ inside, the exported model at its top. */
  outDir: string;
  resume: CheckpointData | null;
  datasetHash: string;
}

/** Checkpoints kept besides the best one. */
const KEEP_LAST = 2;

/**
 * The training loop (detectron2's SimpleTrainer with hooks): data-parallel steps on replica
 * threads, AdamW in the coordinator, per-epoch validation, atomic checkpoints (last 2 + best),
 * exact resume, NaN rollback and out-of-memory retries; the model folder is exported at the end.
 */
export async function train(input: TrainerInput, hooks: TrainerHooks): Promise<TrainOutcome> {
  const cfg = input.config;
  const data = loadRunData(cfg);
  const det = new Detector({ backbone: cfg.backbone, classes: data.classes, imageSize: cfg.imageSize });
  const layout = paramLayout(det);
  const { perEpoch, total } = runLength(cfg, data);
  const sched = scheduleOf(cfg, total);
  let ck = input.resume ?? freshStart(cfg, det, layout, total, input.datasetHash);
  assertCompatible(ck, det.cfg, layout);
  const ckRoot = path.join(input.outDir, 'checkpoints');
  removeTempCheckpoints(ckRoot);
  const shared = new SharedArrayBuffer(layout.total * 4);
  const params = new Float32Array(shared);
  let state = structuredClone(ck.state);
  let opt = { t: state.adamT, m: ck.m.slice(), v: ck.v.slice() };
  params.set(ck.weights);
  const native = cfg.backend === 'tfjs-node' || cfg.backend === 'tfjs-node-gpu';
  let pool = await ReplicaPool.create(replicaCount(cfg, cpuCount(), native), cfg.backend, det.cfg, shared);
  state.backend = pool.backend;
  hooks.started?.({
    backend: pool.backend,
    replicas: pool.size,
    totalSteps: total,
    classes: data.classes,
    report: pool.report,
  });
  const cache = new PageCache(cfg.imageSize, cfg.cacheMb * 1024 * 1024);
  const kept = initialKept(ckRoot, state.step);
  let bestDir: string | null = state.best ? checkpointDir(ckRoot, state.best.step) : null;
  let lastCkTime = Date.now();
  const faulted = new Set<number>();

  const checkpoint = (isBest: boolean): void => {
    state.adamT = opt.t;
    ck = { state: structuredClone(state), weights: params.slice(), m: opt.m.slice(), v: opt.v.slice() };
    const { dir, sha256 } = writeCheckpoint(ckRoot, ck);
    lastCkTime = Date.now();
    for (let i = kept.length - 1; i >= 0; i--) if (kept[i]!.dir === dir) kept.splice(i, 1);
    kept.push({ dir, step: state.step });
    const pruned: string[] = [];
    if (isBest) {
      if (bestDir && bestDir !== dir && !kept.some((k) => k.dir === bestDir)) pruned.push(bestDir);
      bestDir = dir;
    }
    while (kept.length > KEEP_LAST) {
      const old = kept.shift()!;
      if (old.dir !== bestDir) pruned.push(old.dir);
    }
    hooks.checkpoint({ dir, sha256, step: state.step, epoch: state.epoch, isBest, metrics: state.metrics, pruned });
  };

  const orders = new Map<number, number[]>();
  const orderOf = (epoch: number): number[] => {
    if (!orders.has(epoch)) orders.set(epoch, epochOrder(data.train, cfg.seed, epoch, cfg.syntheticShare));
    return orders.get(epoch)!;
  };
  const batchAt = (step: number): Promise<Batch> => {
    const epoch = Math.floor(step / perEpoch);
    const k = step % perEpoch;
    const bs = Math.min(cfg.batchSize, orderOf(epoch).length);
    return loadBatch(data.train, batchIndices(orderOf(epoch), k, bs), cache, {
      size: cfg.imageSize,
      loc: det.loc,
      augment: cfg.augment,
      seed: cfg.seed,
      epoch,
      firstPosition: k * bs,
    });
  };

  try {
    let next = state.step < total ? batchAt(state.step) : null;
    let windowStart = Date.now();
    let windowImages = 0;
    while (state.step < total) {
      const batch = await next!;
      const step = state.step;
      next = step + 1 < total ? batchAt(step + 1) : null;
      next?.catch(() => undefined);
      const lr = learningRate(sched, step) * state.lrScale;
      const res = await runStep(
        pool,
        batch,
        state,
        () => ReplicaPool.create(pool.size, cfg.backend, det.cfg, shared),
        (p) => (pool = p),
        hooks,
      );
      const injected = cfg.faults?.nanAtSteps?.includes(step) && !faulted.has(step);
      if (injected) faulted.add(step);
      const loss = injected ? NaN : res.losses.total!;
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm(res.grads))) {
        state.rollbacks += 1;
        if (state.rollbacks > 3) {
          throw new AppError(
            'TRAINING_FAILED',
            `The loss became ${loss} at step ${step + 1} even after lowering the learning rate three times. Lower --lr or check the annotations.`,
          );
        }
        hooks.log(`Loss is ${loss} at step ${step + 1}: back to step ${ck.state.step} with half the learning rate.`);
        const lrScale = state.lrScale * 0.5;
        const rollbacks = state.rollbacks;
        state = { ...structuredClone(ck.state), lrScale, rollbacks };
        opt = { t: ck.state.adamT, m: ck.m.slice(), v: ck.v.slice() };
        params.set(ck.weights);
        pool.version++;
        next = batchAt(state.step);
        continue;
      }
      const trainParams = new Float32Array(layout.trainIndex.length);
      for (let i = 0; i < trainParams.length; i++) trainParams[i] = params[layout.trainIndex[i]!]!;
      adamwStep(trainParams, res.grads, opt, layout.decay, lr, { ...DEFAULT_ADAMW, weightDecay: cfg.weightDecay });
      for (let i = 0; i < trainParams.length; i++) params[layout.trainIndex[i]!] = trainParams[i]!;
      updateRunningStats(params, res.bnStats, layout.norms);
      pool.version++;
      state.step = step + 1;
      state.epoch = Math.floor(state.step / perEpoch);
      windowImages += batch.images.length;
      const secs = (Date.now() - windowStart) / 1000;
      const ips = windowImages / Math.max(1e-3, secs);
      hooks.metrics(
        [
          { name: 'train/loss', step: state.step, value: loss },
          { name: 'train/loss_cls', step: state.step, value: res.losses.cls! },
          { name: 'train/loss_box', step: state.step, value: res.losses.box! },
          { name: 'train/loss_quality', step: state.step, value: res.losses.quality! },
          { name: 'train/lr', step: state.step, value: lr },
          { name: 'train/images_per_sec', step: state.step, value: ips },
        ].map((p) => ({ ...p, epoch: state.step / perEpoch })),
      );
      hooks.progress({
        step: state.step,
        totalSteps: total,
        epoch: state.step / perEpoch,
        epochs: cfg.epochs,
        losses: res.losses,
        lr,
        imagesPerSec: ips,
        etaSeconds: Math.round(((total - state.step) * batch.images.length) / Math.max(ips, 1e-6)),
        memoryMb: Math.round(process.memoryUsage().rss / 1048576),
        phase: 'train',
      });
      if (secs > 30) {
        windowStart = Date.now();
        windowImages = 0;
      }
      const epochEnd = state.step % perEpoch === 0;
      let isBest = false;
      if (epochEnd && data.val.length > 0) {
        hooks.progress({
          step: state.step,
          totalSteps: total,
          epoch: state.epoch,
          epochs: cfg.epochs,
          losses: res.losses,
          lr,
          imagesPerSec: ips,
          etaSeconds: null,
          memoryMb: Math.round(process.memoryUsage().rss / 1048576),
          phase: 'validate',
        });
        const m = await validate(pool, data.val, cache, {
          size: cfg.imageSize,
          loc: det.loc,
          classes: data.classes,
          batchSize: cfg.batchSize,
        });
        state.metrics = m;
        hooks.metrics(
          Object.entries(m).map(([name, value]) => ({ name, step: state.step, epoch: state.epoch, value })),
        );
        const score = m['val/AP50'] ?? -1;
        if (!state.best || score >= state.best.value) {
          state.best = { metric: 'val/AP50', value: score, step: state.step };
          isBest = true;
        }
      }
      const byTime = cfg.checkpointEveryMinutes > 0 && Date.now() - lastCkTime > cfg.checkpointEveryMinutes * 60_000;
      const bySteps = cfg.checkpointEverySteps > 0 && state.step % cfg.checkpointEverySteps === 0;
      const stop = hooks.stopRequested();
      if (epochEnd || byTime || bySteps || stop || state.step === total) checkpoint(isBest);
      if (stop && state.step < total) return { status: 'stopped', state };
    }
    const modelDir = exportRun(input.outDir, det, data.classes, state, bestDir, ck);
    return { status: 'completed', state, modelDir };
  } finally {
    await pool.close();
    det.dispose();
  }
}

/**
 * Checkpoints already on disk at (re)start, oldest first; folders beyond the resumed step belong
 * to a timeline that was abandoned (a torn or corrupt newer checkpoint) and are removed.
 */
function initialKept(root: string, step: number): { dir: string; step: number }[] {
  const all = listCheckpoints(root);
  for (const c of all) if (c.step > step) fs.rmSync(c.dir, { recursive: true, force: true });
  return all.filter((c) => c.step <= step).reverse();
}

/** Running mean/variance ← (1 − momentum)·running + momentum·batch, per batch norm. */
function updateRunningStats(
  params: Float32Array,
  stats: Float32Array,
  norms: { mean: number; var: number; c: number }[],
): void {
  const m = 0.1;
  let off = 0;
  for (const n of norms) {
    for (let i = 0; i < n.c; i++) {
      params[n.mean + i] = (1 - m) * params[n.mean + i]! + m * stats[off + i]!;
      params[n.var + i] = (1 - m) * params[n.var + i]! + m * stats[off + n.c + i]!;
    }
    off += 2 * n.c;
  }
}
