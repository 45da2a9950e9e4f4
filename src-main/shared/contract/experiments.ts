// Channels of the experiments domain: organising, comparing, exporting and reproducing training runs.
// Channel names are `experiments:verb`. Requests have strict zod schemas; responses are plain interfaces.
import { z } from 'zod';
import { event, rpc } from './define';
import type { JobDTO } from './jobs';
import { BACKBONE_SIZES, startRunSchema, type MetricSeriesDTO, type RunDTO } from './runs';

/** A run as the Runs view lists it: the training row plus its organisation (name, notes, tags). */
export interface ExperimentRunDTO extends RunDTO {
  notes: string | null;
  tags: string[];
  archived: boolean;
  sweepId: number | null;
  datasetName: string | null;
  /** Seconds from start to finish (or to now while it trains); null before it started. */
  durationSeconds: number | null;
  /** The latest validation loss and training speed recorded. */
  lastValLoss: number | null;
  imagesPerSec: number | null;
}

/** One setting that differs between compared runs, with each run's value in compare order. */
export interface ConfigDifferenceDTO {
  key: string;
  label: string;
  values: string[];
}

export interface CompareRunDTO {
  run: ExperimentRunDTO;
  /** Legend text: what sets this run apart ("batch size 16"), or its name when nothing differs. */
  label: string;
  series: MetricSeriesDTO[];
}

export interface CompareDTO {
  runs: CompareRunDTO[];
  differences: ConfigDifferenceDTO[];
}

/** Where a run's training pages came from. */
export interface LineageSourceDTO {
  role: 'train' | 'val';
  coco: string;
  images: string;
  source: 'real' | 'synthetic';
}

/** Everything that defines a run and how to get it again. */
export interface LineageDTO {
  runId: number;
  /** The full training config as stored with the run. */
  config: Record<string, unknown>;
  sources: LineageSourceDTO[];
  datasetId: number | null;
  datasetName: string | null;
  datasetHash: string | null;
  /** The dataset's hash now; differs from `datasetHash` when pages, boxes or splits changed since. */
  currentDatasetHash: string | null;
  appVersion: string | null;
  backend: string | null;
  outDir: string | null;
  /** How "Reproduce" would get the same data, or why it cannot, as a sentence. */
  reproduceNote: string;
  reproducible: boolean;
}

/** The Train view's form, filled from an earlier run (duplicate and edit). */
export interface TrainDraftDTO {
  name: string;
  datasetId: number | null;
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
  /** The starting weights option ('scratch', 'default', 'run:<id>') the run used, when still offered. */
  weights: string;
  /** Set when the run trained on COCO files rather than a dataset (the form cannot show those). */
  note: string | null;
}

/** Real and synthetic pages of each split of a dataset. */
export interface DatasetMixDTO {
  datasetId: number;
  splits: Record<'train' | 'val' | 'test', { real: number; synthetic: number }>;
}

export interface TrainEstimateDTO {
  /** 'warmup': measured now on this machine; 'history': from earlier runs with the same model and image size. */
  source: 'warmup' | 'history';
  backend: string | null;
  imagesPerSec: number;
  stepsPerEpoch: number;
  totalSteps: number;
  trainSeconds: number;
  validateSeconds: number;
  totalSeconds: number;
  /** What the figure is based on, as a sentence. */
  basis: string;
}

export interface WeightOptionDTO {
  /** 'scratch', 'default' or 'run:<id>'. */
  key: string;
  label: string;
  /** What `runs:start` takes as `init` for it: 'none' (from scratch), 'default' or a model folder. */
  init: string;
  /** The backbone of the model (a run must use the same one to start from it); null for scratch. */
  backbone: (typeof BACKBONE_SIZES)[number] | null;
  /** The image size the model was trained at (null for scratch or when not installed). */
  imageSize: number | null;
  available: boolean;
  /** Why it cannot be chosen, as a sentence (null when available). */
  reason: string | null;
}

export const COMPARE_PRESETS = ['batchSize', 'imageSize', 'backbone', 'syntheticShare', 'lr', 'epochs'] as const;
export type ComparePreset = (typeof COMPARE_PRESETS)[number];

const runId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const runIds = z.array(runId).max(8);
const metricNames = z.array(z.string().min(1).max(100)).max(100).optional();
const tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,\n]+$/, 'A tag has no commas or line breaks.');

/** A start request without a name or folder: what the estimate and sweeps build on. */
export const runRequestSchema = startRunSchema.omit({ name: true, outDir: true });

export const experimentsChannels = {
  'experiments:list': rpc(
    z.object({ includeArchived: z.boolean().optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  ).returns<ExperimentRunDTO[]>(),
  'experiments:get': rpc(z.object({ runId }).strict()).returns<ExperimentRunDTO>(),
  'experiments:rename': rpc(
    z.object({ runId, name: z.string().trim().min(1).max(200) }).strict(),
  ).returns<ExperimentRunDTO>(),
  /** Sets the notes and/or tags of a run (tags replace the old ones). */
  'experiments:annotate': rpc(
    z
      .object({ runId, notes: z.string().max(10_000).nullable().optional(), tags: z.array(tag).max(30).optional() })
      .strict(),
  ).returns<ExperimentRunDTO>(),
  'experiments:archive': rpc(z.object({ runId, archived: z.boolean() }).strict()).returns<ExperimentRunDTO>(),
  /** Deletes a run's rows, predictions and (inside the data folder) its run folder. `confirm` must be true. */
  'experiments:delete': rpc(z.object({ runId, confirm: z.literal(true) }).strict()).returns<{
    deleted: true;
    /** The run folder when it lies outside the data folder and was left in place. */
    keptFolder: string | null;
  }>(),
  'experiments:lineage': rpc(z.object({ runId }).strict()).returns<LineageDTO>(),
  /** The Train view's settings of an earlier run (duplicate config and edit). */
  'experiments:draft': rpc(z.object({ runId }).strict()).returns<TrainDraftDTO>(),
  /** Starts a new run with the same config and data as an earlier one. */
  'experiments:reproduce': rpc(z.object({ runId }).strict()).returns<RunDTO>(),
  'experiments:compare': rpc(z.object({ runIds: runIds.min(2), names: metricNames }).strict()).returns<CompareDTO>(),
  /** Runs that differ only in one setting (newest run per value, at most 8), for a one-click comparison. */
  'experiments:preset': rpc(z.object({ by: z.enum(COMPARE_PRESETS) }).strict()).returns<{
    runIds: number[];
    title: string;
  }>(),
  /** Metrics of runs as CSV text (run_id, run, metric, step, epoch, value). */
  'experiments:metricsCsv': rpc(z.object({ runIds: runIds.min(1), names: metricNames }).strict()).returns<{
    fileName: string;
    csv: string;
  }>(),
  'experiments:datasetMix': rpc(z.object({ datasetId: runId }).strict()).returns<DatasetMixDTO>(),
  /** Time estimate from earlier runs with the same backbone and image size (null when there are none). */
  'experiments:estimate': rpc(z.object({ request: runRequestSchema }).strict()).returns<TrainEstimateDTO | null>(),
  /** Starts a short measured warm-up (a few training steps) as a job whose result is a TrainEstimateDTO. */
  'experiments:measure': rpc(z.object({ request: runRequestSchema }).strict()).returns<JobDTO>(),
  /** Starting weights a run can use: from scratch, the default model, earlier runs. */
  'experiments:weightOptions': rpc(z.object({}).strict()).returns<WeightOptionDTO[]>(),
};

export const experimentsEvents = {
  /** A run and its rows were deleted. */
  'experiments:onDeleted': event<{ runId: number }>(),
};
