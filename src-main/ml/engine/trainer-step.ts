import { AppError } from '../../shared/errors';
import type { Batch } from './batches';
import type { TrainState } from './checkpoint';
import { ReplicaOomError, type ReplicaPool } from './replica-pool';
import type { StepReply } from './replica-protocol';
import { adamwStep, DEFAULT_ADAMW, type AdamWState } from './optimizer';
import type { ParamLayout } from './trainer-setup';
import type { TrainerHooks } from './trainer-types';

/**
 * Runs one data-parallel gradient computation. When a replica runs out of memory the step is
 * retried with half the micro-batch (gradients are accumulated, so the step means the same);
 * replicas that died are restarted. Below one image at a time it fails with a clear reason.
 */
export async function runStep(
  pool: ReplicaPool,
  batch: Batch,
  state: TrainState,
  restart: () => Promise<ReplicaPool>,
  replace: (p: ReplicaPool) => void,
  hooks: TrainerHooks,
): Promise<StepReply> {
  let current = pool;
  for (;;) {
    try {
      const f = state.config.faults;
      const simulate = f?.oomAlways ? 'always' : f?.oomAtSteps?.includes(state.step) ? 'batch' : undefined;
      return await current.step(batch.images, batch.targets, state.microBatch, simulate);
    } catch (e) {
      const oom = e instanceof ReplicaOomError || (e instanceof Error && /out of memory/i.test(e.message));
      if (!oom) throw e;
      const perReplica = Math.ceil(batch.images.length / current.size);
      const now = Math.min(state.microBatch, perReplica);
      if (now <= 1) {
        throw new AppError(
          'OUT_OF_MEMORY',
          'Training ran out of memory even with one image at a time. Use a smaller --image-size or backbone.',
        );
      }
      state.microBatch = Math.max(1, Math.floor(now / 2));
      hooks.log({
        level: 'warn',
        step: state.step + 1,
        message: `Out of memory at step ${state.step + 1}: retrying with ${state.microBatch} image(s) at a time.`,
      });
      await current.close();
      current = await restart();
      current.version++;
      replace(current);
    }
  }
}

/** Batch-norm running-statistics momentum (PyTorch's default). */
const BN_MOMENTUM = 0.1;

/**
 * Applies one step to the shared weights: AdamW on the trainable values (in place in the flat
 * array, through the layout's index) and the batch-norm running statistics.
 * @param norm the gradient's norm when the caller has computed it already
 */
export function applyUpdate(
  params: Float32Array,
  layout: ParamLayout,
  res: StepReply,
  opt: AdamWState,
  lr: number,
  weightDecay: number,
  norm?: number,
): void {
  const { trainIndex, decay, norms } = layout;
  adamwStep(params, res.grads, opt, decay, lr, { ...DEFAULT_ADAMW, weightDecay }, { index: trainIndex, norm });
  const m = BN_MOMENTUM;
  let off = 0;
  for (const n of norms) {
    for (let i = 0; i < n.c; i++) {
      params[n.mean + i] = (1 - m) * params[n.mean + i]! + m * res.bnStats[off + i]!;
      params[n.var + i] = (1 - m) * params[n.var + i]! + m * res.bnStats[off + n.c + i]!;
    }
    off += 2 * n.c;
  }
}
