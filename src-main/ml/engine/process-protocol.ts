import type { ErrorInfo } from '../../shared/errors';
import type { TrainConfig } from './train-config';
import type { CheckpointEvent, MetricPoint, TrainLogEntry, TrainProgress } from './trainer-types';

/** What the owner sends the training process. */
export type ToTrainer =
  | {
      type: 'start';
      config: TrainConfig;
      outDir: string;
      /** Checkpoint folder to resume from (already chosen and verified), with its recorded hash. */
      resume: { dir: string; sha256: string | null } | null;
      datasetHash: string;
    }
  | { type: 'stop' };

/** What the training process reports to its owner. */
export type FromTrainer =
  | { type: 'started'; backend: string; replicas: number; totalSteps: number; classes: string[] }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'metrics'; points: MetricPoint[] }
  | { type: 'checkpoint'; checkpoint: CheckpointEvent }
  | ({ type: 'log' } & TrainLogEntry)
  | {
      type: 'done';
      status: 'completed' | 'stopped';
      step: number;
      modelDir: string | null;
      metrics: Record<string, number>;
    }
  | { type: 'error'; error: ErrorInfo };
