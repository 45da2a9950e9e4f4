import { prepareImage, NO_AUGMENT, type AugmentConfig, type PreparedImage } from '../data/augment';
import type { Sample } from '../data/coco-dataset';
import type { PageCache } from '../data/page-cache';
import { assignTargets } from '../model/assign';
import type { Locations } from '../model/locations';
import type { PlainTargets } from './replica-protocol';
import { Rng, mixSeed } from './rng';

/**
 * The sample indices of one epoch: a seeded shuffle that depends only on (seed, epoch), so a
 * resumed run sees exactly the order it would have seen. With both real and synthetic pages and
 * a synthetic share, every real page plus enough synthetic pages (cycling through them across
 * epochs) to make that share.
 */
export function epochOrder(samples: Sample[], seed: number, epoch: number, syntheticShare: number | null): number[] {
  const real = samples.map((s, i) => (s.source === 'real' ? i : -1)).filter((i) => i >= 0);
  const synth = samples.map((s, i) => (s.source === 'synthetic' ? i : -1)).filter((i) => i >= 0);
  let chosen: number[];
  if (syntheticShare === null || real.length === 0 || synth.length === 0) {
    chosen = samples.map((_, i) => i);
  } else {
    const share = Math.min(0.95, Math.max(0, syntheticShare));
    const want = Math.round((real.length * share) / (1 - share));
    const perm = new Rng(mixSeed(seed, 0x5e17)).permutation(synth.length);
    chosen = [...real];
    for (let k = 0; k < want; k++) chosen.push(synth[perm[(epoch * want + k) % synth.length]!]!);
  }
  const order = new Rng(mixSeed(seed, epoch)).permutation(chosen.length);
  return order.map((i) => chosen[i]!);
}

/** Optimiser steps per epoch: full batches only (at least one). */
export function stepsPerEpoch(epochSize: number, batchSize: number): number {
  return Math.max(1, Math.floor(epochSize / batchSize));
}

/** Indices of batch `k` of an epoch's order. */
export function batchIndices(order: number[], k: number, batchSize: number): number[] {
  return order.slice(k * batchSize, Math.min(order.length, (k + 1) * batchSize));
}

/** A batch ready for the replicas. */
export interface Batch {
  images: Uint8Array[];
  targets: PlainTargets[];
  prepared: PreparedImage[];
}

/**
 * Loads and prepares a batch. Each image's augmentation draws from its own generator seeded by
 * (seed, epoch, position in the epoch), so it is the same after a resume.
 */
export async function loadBatch(
  samples: Sample[],
  indices: number[],
  cache: PageCache,
  opts: { size: number; loc: Locations; augment: AugmentConfig; seed: number; epoch: number; firstPosition: number },
): Promise<Batch> {
  const prepared = await Promise.all(
    indices.map(async (idx, j) => {
      const s = samples[idx]!;
      const page = await cache.get(s.file);
      const rng = opts.augment.enabled ? new Rng(mixSeed(opts.seed, opts.epoch, opts.firstPosition + j, 0xa11)) : null;
      return prepareImage(page, s.boxes, opts.size, opts.augment.enabled ? opts.augment : NO_AUGMENT, rng);
    }),
  );
  const targets = prepared.map((p) => {
    const t = assignTargets(p.boxes, opts.loc);
    return { cls: t.cls, box: t.box, numPos: t.numPos };
  });
  return { images: prepared.map((p) => p.rgb), targets, prepared };
}
