import type { BackendName } from '../../shared/contract/app';
import { DEFAULT_AUGMENT, type AugmentConfig } from '../data/augment';
import type { BackboneSize } from '../model/config';

/** Where training or validation pages come from. */
export interface DataSource {
  coco: string;
  images: string;
  /** Counts toward the real:synthetic mix. */
  source: 'real' | 'synthetic';
}

/** Everything that defines a training run (stored with the run and in every checkpoint). */
export interface TrainConfig {
  backbone: BackboneSize;
  imageSize: number;
  batchSize: number;
  epochs: number;
  /** Peak learning rate (AdamW). */
  lr: number;
  weightDecay: number;
  /** Linear warmup steps (default: 5% of training, at most 300). */
  warmupSteps: number | null;
  schedule: 'cosine' | 'step';
  seed: number;
  augment: AugmentConfig;
  /** Share of synthetic pages per epoch when both real and synthetic sources are given (0..1). */
  syntheticShare: number | null;
  /** Data-parallel replica threads (0: one per core, at most 2, at most the batch size). */
  threads: number;
  /** Also checkpoint every N steps (0: only at epoch ends and on stop). */
  checkpointEverySteps: number;
  /** Also checkpoint when this many minutes passed since the last one (0: never by time). */
  checkpointEveryMinutes: number;
  backend: BackendName | 'auto';
  /** Memory for decoded pages kept between epochs, MB. */
  cacheMb: number;
  /** Class names (default: the training COCO file's categories). */
  classes: string[] | null;
  train: DataSource[];
  val: DataSource | null;
  /** Start from a trained model's weights (fine-tuning): a model folder, or null for a fresh start. */
  init?: string | null;
  /**
   * Fault injection for tests: steps whose loss is replaced by NaN (first attempt only); steps at
   * which replicas act as if only one image at a time fits in memory.
   */
  faults?: { nanAtSteps?: number[]; oomAtSteps?: number[]; oomAlways?: boolean };
}

export const DEFAULT_TRAIN: Omit<TrainConfig, 'train' | 'val'> = {
  backbone: 'small',
  imageSize: 512,
  batchSize: 8,
  epochs: 12,
  lr: 2e-3,
  weightDecay: 0.05,
  warmupSteps: null,
  schedule: 'cosine',
  seed: 1,
  augment: DEFAULT_AUGMENT,
  syntheticShare: null,
  threads: 0,
  checkpointEverySteps: 0,
  checkpointEveryMinutes: 10,
  backend: 'auto',
  cacheMb: 1024,
  classes: null,
};

/** Replica threads for a config on this machine. */
export function replicaCount(cfg: TrainConfig, cores: number, nativeBackend: boolean): number {
  if (nativeBackend) return 1; // tfjs-node is multi-threaded itself
  const auto = Math.min(2, Math.max(1, cores));
  return Math.max(1, Math.min(cfg.threads > 0 ? cfg.threads : auto, cfg.batchSize));
}

/** Warmup steps actually used. */
export function warmupSteps(cfg: TrainConfig, totalSteps: number): number {
  return cfg.warmupSteps ?? Math.min(300, Math.round(totalSteps * 0.05));
}
