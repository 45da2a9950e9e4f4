import os from 'node:os';
import { AppError } from '../../shared/errors';
import { loadCocoDataset, type Dataset, type Sample } from '../data/coco-dataset';
import type { DetectorConfig } from '../model/config';
import { Detector } from '../model/detector';
import { epochOrder, stepsPerEpoch } from './batches';
import type { CheckpointData, TrainState } from './checkpoint';
import { weightsFrom } from './init-weights';
import { newAdamWState } from './optimizer';
import { warmupSteps, type TrainConfig } from './train-config';
import type { ScheduleConfig } from './schedule';

/** Training and validation pages of a run. */
export interface RunData {
  classes: string[];
  train: Sample[];
  val: Sample[];
}

/** Loads every source of a config; classes come from the config or the first training file. */
export function loadRunData(cfg: TrainConfig): RunData {
  if (cfg.train.length === 0) throw new AppError('INVALID_REQUEST', 'A training run needs training pages.');
  let classes = cfg.classes;
  const train: Sample[] = [];
  for (const src of cfg.train) {
    const d: Dataset = loadCocoDataset(src.coco, src.images, { classes: classes ?? undefined, source: src.source });
    classes ??= d.classes;
    train.push(...d.samples);
  }
  if (!classes || classes.length === 0)
    throw new AppError('INVALID_DATA', 'The training annotations define no categories.');
  if (train.length === 0) throw new AppError('INVALID_DATA', 'The training annotations list no images.');
  const val = cfg.val ? loadCocoDataset(cfg.val.coco, cfg.val.images, { classes, source: cfg.val.source }).samples : [];
  return { classes, train, val };
}

/** Where each part of the flat parameter array is, for the optimiser and batch-norm updates. */
export interface ParamLayout {
  /** Total parameters (trainable and buffers). */
  total: number;
  /** Index in the full array of each trainable value, in gradient order. */
  trainIndex: Int32Array;
  /** 1 where weight decay applies, per trainable value. */
  decay: Uint8Array;
  /** Per batch norm, in spec order: offsets of its running mean and variance, and its width. */
  norms: { mean: number; var: number; c: number }[];
  specs: Detector['params']['specs'];
}

export function paramLayout(det: Detector): ParamLayout {
  const specs = det.params.specs;
  const trainIndex: number[] = [];
  const decay: number[] = [];
  const norms: ParamLayout['norms'] = [];
  let off = 0;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (s.trainable) {
      for (let i = 0; i < n; i++) {
        trainIndex.push(off + i);
        decay.push(s.decay ? 1 : 0);
      }
    }
    if (s.name.endsWith('.mean'))
      norms.push({ mean: off, var: det.params.offsetOf(`${s.name.slice(0, -5)}.var`), c: n });
    off += n;
  }
  return { total: off, trainIndex: Int32Array.from(trainIndex), decay: Uint8Array.from(decay), norms, specs };
}

/** Steps per epoch and in total (fixed for the whole run: the epoch size does not change). */
export function runLength(cfg: TrainConfig, data: RunData): { perEpoch: number; total: number } {
  const epochSize = epochOrder(data.train, cfg.seed, 0, cfg.syntheticShare).length;
  const perEpoch = stepsPerEpoch(epochSize, Math.min(cfg.batchSize, epochSize));
  return { perEpoch, total: perEpoch * cfg.epochs };
}

export function scheduleOf(cfg: TrainConfig, total: number): ScheduleConfig {
  return {
    lr: cfg.lr,
    warmupSteps: warmupSteps(cfg, total),
    totalSteps: total,
    kind: cfg.schedule,
    minFactor: 0.02,
    milestones: [0.67, 0.89],
  };
}

/** A fresh run's state: seeded weights, zero moments, step 0. */
export function freshStart(
  cfg: TrainConfig,
  det: Detector,
  layout: ParamLayout,
  total: number,
  datasetHash: string,
): CheckpointData {
  const opt = newAdamWState(layout.trainIndex.length);
  const state: TrainState = {
    version: 1,
    step: 0,
    totalSteps: total,
    epoch: 0,
    adamT: 0,
    lrScale: 1,
    rollbacks: 0,
    microBatch: cfg.batchSize,
    best: null,
    detector: det.cfg,
    config: cfg,
    backend: '',
    datasetHash,
    metrics: {},
  };
  const weights = cfg.init ? weightsFrom(cfg.init, det, cfg.seed).weights : det.initialWeights(cfg.seed);
  return { state, weights, m: opt.m, v: opt.v };
}

/** Checks that a checkpoint belongs to this model layout. */
export function assertCompatible(data: CheckpointData, det: DetectorConfig, layout: ParamLayout): void {
  const d = data.state.detector;
  const same =
    d.backbone === det.backbone && d.imageSize === det.imageSize && d.classes.join('\n') === det.classes.join('\n');
  if (!same || data.weights.length !== layout.total || data.m.length !== layout.trainIndex.length) {
    throw new AppError(
      'CONFLICT',
      'The checkpoint was made for a different model (size, classes or image size) and cannot be resumed.',
    );
  }
}

export function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}
