// Channels and events of the runs domain. Channel names are `runs:verb`, events `runs:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { event, rpc } from './define';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'stopped', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const BACKBONE_SIZES = ['small', 'medium', 'large'] as const;

/** The settings of a run as shown to people (paths of local files left out). */
export interface RunSettingsDTO {
  backbone: (typeof BACKBONE_SIZES)[number];
  imageSize: number;
  batchSize: number;
  epochs: number;
  lr: number;
  weightDecay: number;
  schedule: 'cosine' | 'step';
  seed: number;
  augment: boolean;
  syntheticShare: number | null;
  classes: string[] | null;
  /** The model the run started from (fine-tuning), or null for a fresh start. */
  init: string | null;
}

export interface RunDTO {
  id: number;
  name: string;
  status: RunStatus;
  settings: RunSettingsDTO;
  datasetId: number | null;
  datasetHash: string | null;
  /** The TF.js backend the run trained on ('wasm', 'tfjs-node', ...), once started. */
  backend: string | null;
  appVersion: string | null;
  /** Run folder: checkpoints and, once completed, the exported model. */
  outDir: string | null;
  stepsDone: number;
  stepsTotal: number | null;
  bestAp50: number | null;
  bestMap: number | null;
  /** Why the run failed or was interrupted, as a sentence. */
  error: string | null;
  /** A stopped, interrupted or failed run with a checkpoint can continue where it left off. */
  resumable: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface CheckpointDTO {
  id: number;
  step: number;
  epoch: number | null;
  path: string;
  sha256: string;
  isBest: boolean;
  metrics: Record<string, number> | null;
  createdAt: string;
}

export interface RunDetailDTO extends RunDTO {
  checkpoints: CheckpointDTO[];
}

export interface MetricPointDTO {
  step: number;
  epoch: number | null;
  value: number;
}

export interface MetricSeriesDTO {
  name: string;
  points: MetricPointDTO[];
}

export interface ExportedModelDTO {
  modelDir: string;
  /** The checkpoint's step and its validation metrics. */
  step: number;
  metrics: Record<string, number>;
}

/** Sent after every training step (and when validation starts). */
export interface RunProgressEvent {
  runId: number;
  step: number;
  totalSteps: number;
  /** Fractional epoch. */
  epoch: number;
  epochs: number;
  losses: Record<string, number>;
  lr: number;
  imagesPerSec: number;
  etaSeconds: number | null;
  memoryMb: number;
  phase: 'train' | 'validate';
}

export const RUN_LOG_LEVELS = ['info', 'warn', 'error'] as const;
export type RunLogLevel = (typeof RUN_LOG_LEVELS)[number];

/**
 * A sentence from the training engine about a run: how it started or resumed (from a fallback
 * checkpoint when the newest was torn), a NaN/Inf rollback, an out-of-memory retry, a failure.
 */
export interface RunLogEvent {
  runId: number;
  level: RunLogLevel;
  message: string;
  /** The training step the message is about. */
  step: number;
}

/** New metric points of a run (train/loss..., val/AP50...). */
export interface RunMetricEvent {
  runId: number;
  points: { name: string; step: number; epoch: number | null; value: number }[];
}

const path = z.string().min(1).max(4096);
const cocoSource = z.object({ coco: path, images: path }).strict();

export const startRunSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    /** Train on a dataset's train split (validation: its val split). */
    datasetId: z.number().int().positive().optional(),
    /** Or on COCO files with their image folders. */
    train: z
      .array(cocoSource.extend({ synthetic: z.boolean().optional() }).strict())
      .min(1)
      .max(16)
      .optional(),
    val: cocoSource.optional(),
    backbone: z.enum(BACKBONE_SIZES).default('small'),
    imageSize: z.number().int().min(128).max(2048).multipleOf(32).default(512),
    batchSize: z.number().int().min(1).max(256).default(8),
    epochs: z.number().int().min(1).max(1000).default(12),
    lr: z.number().positive().max(1).optional(),
    weightDecay: z.number().min(0).max(1).optional(),
    schedule: z.enum(['cosine', 'step']).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
    augment: z.boolean().optional(),
    syntheticShare: z.number().min(0).max(0.95).optional(),
    /**
     * Start from a trained model (fine-tuning): 'default' (the shipped model), a model folder, or
     * 'none' for a fresh start. Unsaid: the shipped model when its backbone matches, else fresh.
     */
    init: path.optional(),
    outDir: path.optional(),
  })
  .strict();

export const runsChannels = {
  'runs:start': rpc(startRunSchema).returns<RunDTO>(),
  'runs:stop': rpc(z.object({ runId: z.number().int().positive() }).strict()).returns<RunDTO>(),
  'runs:resume': rpc(z.object({ runId: z.number().int().positive() }).strict()).returns<RunDTO>(),
  'runs:list': rpc(z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()).returns<RunDTO[]>(),
  'runs:get': rpc(z.object({ runId: z.number().int().positive() }).strict()).returns<RunDetailDTO>(),
  /** Writes a model folder from the run's best (else newest valid) checkpoint, at any time. */
  'runs:exportModel': rpc(
    z.object({ runId: z.number().int().positive(), outDir: path }).strict(),
  ).returns<ExportedModelDTO>(),
  'runs:metrics': rpc(
    z
      .object({
        runId: z.number().int().positive(),
        names: z.array(z.string().min(1).max(100)).max(100).optional(),
        sinceStep: z.number().int().min(0).optional(),
      })
      .strict(),
  ).returns<MetricSeriesDTO[]>(),
};

export const runsEvents = {
  /** A run's row changed (status, steps done, best metrics). */
  'runs:onUpdate': event<RunDTO>(),
  'runs:onProgress': event<RunProgressEvent>(),
  'runs:onMetric': event<RunMetricEvent>(),
  'runs:onLog': event<RunLogEvent>(),
};
