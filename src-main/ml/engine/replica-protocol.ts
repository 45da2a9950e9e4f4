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

/** acc[k] += part[k] · w for every loss. */
export function addWeightedLosses(acc: Record<string, number>, part: Record<string, number>, w: number): void {
  for (const [k, v] of Object.entries(part)) acc[k] = (acc[k] ?? 0) + v * w;
}

/**
 * acc += part · w for every field of a step's result (a fresh zero sum when acc is null): the
 * image-weighted mean of micro-batches in a replica and of replicas in the pool.
 */
export function addWeightedStep(acc: StepReply | null, part: StepReply, w: number): StepReply {
  const out = acc ?? {
    losses: {},
    grads: new Float32Array(part.grads.length),
    bnStats: new Float32Array(part.bnStats.length),
  };
  addScaled(out.grads, part.grads, w);
  addScaled(out.bnStats, part.bnStats, w);
  addWeightedLosses(out.losses, part.losses, w);
  return out;
}

/** out += a · w, element-wise, in a plain loop over locals (this runs over every gradient). */
function addScaled(out: Float32Array, a: Float32Array, w: number): void {
  const len = out.length;
  for (let j = 0; j < len; j++) out[j] = out[j]! + a[j]! * w;
}

export type ReplicaReply =
  | { kind: 'ready'; backend: BackendName; report: unknown }
  | { kind: 'step'; id: number; result: StepReply }
  | { kind: 'loss'; id: number; losses: Record<string, number> }
  | { kind: 'predict'; id: number; outputs: Float32Array[] }
  | { kind: 'closed'; id: number }
  | { kind: 'error'; id: number; error: ErrorInfo; oom: boolean };
