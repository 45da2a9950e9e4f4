import type { BackendName } from '../../shared/contract/app';
import type { ErrorInfo } from '../../shared/errors';
import type { DetectorConfig } from '../model/config';

/** Targets of one image as plain arrays (see assign.ts). */
export interface PlainTargets {
  cls: Int32Array;
  box: Float32Array;
  numPos: number;
}

/** Data the coordinator gives a replica thread at start. */
export interface ReplicaInit {
  backend: BackendName | 'auto';
  config: DetectorConfig;
  /** All parameters (trainable, then buffers interleaved in spec order), written by the coordinator. */
  params: SharedArrayBuffer;
}

export type ReplicaRequest =
  | {
      kind: 'step';
      id: number;
      version: number;
      images: Uint8Array[];
      targets: PlainTargets[];
      microBatch: number;
      /** Test hook: behave as if more than one image at a time ('batch'), or nothing, fitted in memory. */
      simulateOom?: 'batch' | 'always';
    }
  | { kind: 'loss'; id: number; version: number; images: Uint8Array[]; targets: PlainTargets[] }
  | { kind: 'predict'; id: number; version: number; images: Uint8Array[] }
  | { kind: 'close'; id: number };

export interface StepReply {
  losses: Record<string, number>;
  grads: Float32Array;
  bnStats: Float32Array;
}

export type ReplicaReply =
  | { kind: 'ready'; backend: BackendName; report: unknown }
  | { kind: 'step'; id: number; result: StepReply }
  | { kind: 'loss'; id: number; losses: Record<string, number> }
  | { kind: 'predict'; id: number; outputs: Float32Array[] }
  | { kind: 'closed'; id: number }
  | { kind: 'error'; id: number; error: ErrorInfo; oom: boolean };
