import { describe, expect, it } from 'vitest';
import { adamwStep, DEFAULT_ADAMW, gradNorm, newAdamWState } from '../../../src-main/ml/engine/optimizer';
import { learningRate } from '../../../src-main/ml/engine/schedule';
import { Rng, mixSeed } from '../../../src-main/ml/engine/rng';
import { epochOrder, stepsPerEpoch } from '../../../src-main/ml/engine/batches';
import type { Sample } from '../../../src-main/ml/data/coco-dataset';

describe('learning-rate schedule', () => {
  const c = { lr: 1, warmupSteps: 10, totalSteps: 110, kind: 'cosine' as const, minFactor: 0, milestones: [0.5] };

  it('warms up linearly, then decays along a cosine to the floor', () => {
    expect(learningRate(c, 0)).toBeCloseTo(0.1);
    expect(learningRate(c, 9)).toBeCloseTo(1);
    expect(learningRate(c, 10)).toBeCloseTo(1);
    expect(learningRate(c, 60)).toBeCloseTo(0.5);
    expect(learningRate(c, 110)).toBeCloseTo(0);
  });

  it('steps down by ten at each milestone', () => {
    expect(learningRate({ ...c, kind: 'step' }, 50)).toBeCloseTo(1);
    expect(learningRate({ ...c, kind: 'step' }, 70)).toBeCloseTo(0.1);
  });
});

describe('AdamW', () => {
  it('moves each weight by about lr against its gradient at the first step and decays kernels', () => {
    const p = Float32Array.from([1, 1, 1]);
    const g = Float32Array.from([0.5, -2, 0]);
    const s = newAdamWState(3);
    adamwStep(p, g, s, Uint8Array.from([0, 0, 1]), 0.1, { ...DEFAULT_ADAMW, weightDecay: 0.5, clipNorm: 0 });
    expect(p[0]).toBeCloseTo(0.9, 4);
    expect(p[1]).toBeCloseTo(1.1, 4);
    expect(p[2]).toBeCloseTo(0.95, 4); // decay only: 1 - 0.1 * 0.5
    expect(s.t).toBe(1);
  });

  it('clips by the global gradient norm', () => {
    const g = Float32Array.from([3, 4]);
    expect(gradNorm(g)).toBe(5);
    const a = Float32Array.from([0, 0]);
    const b = Float32Array.from([0, 0]);
    adamwStep(a, g, newAdamWState(2), new Uint8Array(2), 0.1, { ...DEFAULT_ADAMW, clipNorm: 1 });
    adamwStep(b, Float32Array.from([0.6, 0.8]), newAdamWState(2), new Uint8Array(2), 0.1, {
      ...DEFAULT_ADAMW,
      clipNorm: 0,
    });
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('data order', () => {
  const samples = Array.from({ length: 10 }, (_, i) => ({ source: i < 4 ? 'real' : 'synthetic' }) as Sample);

  it('is a function of the seed and epoch only (so a resumed run sees the same batches)', () => {
    expect(epochOrder(samples, 1, 3, null)).toEqual(epochOrder(samples, 1, 3, null));
    expect(epochOrder(samples, 1, 3, null)).not.toEqual(epochOrder(samples, 1, 4, null));
    expect([...epochOrder(samples, 1, 0, null)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stepsPerEpoch(10, 4)).toBe(2);
    expect(stepsPerEpoch(3, 4)).toBe(1);
  });

  it('mixes real and synthetic pages at the requested share', () => {
    const order = epochOrder(samples, 1, 0, 0.5);
    expect(order.filter((i) => i < 4)).toHaveLength(4);
    expect(order.filter((i) => i >= 4)).toHaveLength(4);
  });

  it('draws the same numbers from the same seed', () => {
    const a = new Rng(mixSeed(1, 2, 3));
    const b = new Rng(mixSeed(1, 2, 3));
    expect([a.next(), a.next(), a.normal()]).toEqual([b.next(), b.next(), b.normal()]);
    expect(new Rng(mixSeed(1, 2, 4)).next()).not.toBe(new Rng(mixSeed(1, 2, 3)).next());
  });

  it('updates values in place through an index exactly as on a gathered copy, with a norm passed in or not', () => {
    const full = Float32Array.from([10, 1, 20, -2, 30, 3, 0.5]);
    const index = Int32Array.from([1, 3, 5, 6]);
    const mask = Uint8Array.from([1, 0, 1, 0]);
    const copy = Float32Array.from(index, (k) => full[k]!);
    const a = newAdamWState(4);
    const b = newAdamWState(4);
    const cfg = { ...DEFAULT_ADAMW, weightDecay: 0.3, clipNorm: 2 };
    for (let t = 0; t < 3; t++) {
      const g = Float32Array.from([0.7, -1.5, 2.5 * (t + 1), -0.2]);
      adamwStep(copy, g, a, mask, 0.05, cfg);
      adamwStep(full, g, b, mask, 0.05, cfg, { index, norm: gradNorm(g) });
    }
    expect(Array.from(index, (k) => full[k]!)).toEqual(Array.from(copy));
    expect([full[0], full[2], full[4]]).toEqual([10, 20, 30]);
    expect(Array.from(b.m)).toEqual(Array.from(a.m));
    expect(Array.from(b.v)).toEqual(Array.from(a.v));
    expect(() => adamwStep(full, new Float32Array(3), b, mask, 0.05, cfg, { index })).toThrow(/length/);
  });
});
