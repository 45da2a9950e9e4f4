import type { TrainState } from './checkpoint';

/** Where a run is, sent with every step. */
export interface TrainProgress {
  step: number;
  totalSteps: number;
  /** Fractional epoch (step / steps per epoch). */
  epoch: number;
  epochs: number;
  losses: Record<string, number>;
  lr: number;
  imagesPerSec: number;
  etaSeconds: number | null;
  /** Resident memory of the training process. */
  memoryMb: number;
  phase: 'train' | 'validate';
}

export interface MetricPoint {
  name: string;
  step: number;
  epoch: number;
  value: number;
}

export interface CheckpointEvent {
  dir: string;
  sha256: string;
  step: number;
  epoch: number;
  isBest: boolean;
  metrics: Record<string, number>;
  /** Checkpoint folders to delete (older than the last two, not the best). */
  pruned: string[];
}

export interface TrainLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  step: number;
}

/** What the training loop reports to its owner (the child-process entry, tests, the bench). */
export interface TrainerHooks {
  started?(info: { backend: string; replicas: number; totalSteps: number; classes: string[]; report: unknown }): void;
  progress(p: TrainProgress): void;
  metrics(points: MetricPoint[]): void;
  checkpoint(c: CheckpointEvent): void;
  /** A sentence for the run's event log about `step` (rollbacks, out-of-memory retries). */
  log(entry: TrainLogEntry): void;
  /** Polled after every step: true stops after a checkpoint. */
  stopRequested(): boolean;
}

export interface TrainOutcome {
  status: 'completed' | 'stopped';
  state: TrainState;
  /** The exported model folder (completed runs). */
  modelDir?: string;
}
