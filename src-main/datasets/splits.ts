import crypto from 'node:crypto';
import type { Split } from '../shared/contract/datasets';

export interface SplitRatios {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_RATIOS: SplitRatios = { train: 0.8, val: 0.1, test: 0.1 };

/** A number in [0, 1) from the document hash and the seed: the same document always lands the same way. */
export function unitHash(seed: string, documentSha256: string): number {
  const h = crypto.createHash('sha256').update(`${seed}:${documentSha256}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/**
 * Picks a split by cumulative ratios (normalised). When the test split is frozen, no new document
 * may enter it: the pick is made between train and val only.
 */
export function pickSplit(u: number, ratios: SplitRatios, testFrozen: boolean): Split {
  const r = testFrozen ? { ...ratios, test: 0 } : ratios;
  const total = r.train + r.val + r.test;
  if (!(total > 0)) return 'train';
  const x = u * total;
  if (x < r.train) return 'train';
  if (x < r.train + r.val) return 'val';
  return r.test > 0 ? 'test' : 'val';
}
