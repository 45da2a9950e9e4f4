import { describe, expect, it } from 'vitest';
import { bestThreshold, f1Curve, prCurve } from '../../src-main/eval/curves';

const outcomes = [
  { score: 0.95, tp: true },
  { score: 0.9, tp: true },
  { score: 0.8, tp: false },
  { score: 0.7, tp: true },
  { score: 0.4, tp: false },
  { score: 0.3, tp: false },
  { score: 0.2, tp: true },
];

describe('PR and F1 curves', () => {
  it('picks the score with the highest F1 as the best threshold', () => {
    // 4 ground truth. At 0.7: TP 3, FP 1 -> P .75, R .75, F1 .75 (best). At 0.2: TP 4, FP 3 -> F1 8/11.
    const best = bestThreshold(outcomes, 4)!;
    expect(best.threshold).toBe(0.7);
    expect(best.f1).toBeCloseTo(0.75, 12);
    expect(best.precision).toBeCloseTo(0.75, 12);
    expect(best.recall).toBeCloseTo(0.75, 12);
    expect(bestThreshold(outcomes, 0)).toBeNull();
  });

  it('samples F1 at thresholds 0.00..1.00 and agrees with the best threshold', () => {
    const c = f1Curve(outcomes, 4);
    expect(c.threshold).toHaveLength(101);
    expect(c.threshold[0]).toBe(0);
    expect(c.threshold[100]).toBe(1);
    expect(c.f1[70]).toBeCloseTo(0.75, 12);
    expect(c.recall[0]).toBe(1);
    expect(c.f1[100]).toBe(0);
    expect(Math.max(...c.f1)).toBeCloseTo(0.75, 12);
  });

  it('makes precision monotone from the right, one point per distinct score', () => {
    const pr = prCurve(outcomes, 4);
    expect(pr.score).toEqual([0.95, 0.9, 0.8, 0.7, 0.4, 0.3, 0.2]);
    expect(pr.recall).toEqual([0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 1]);
    expect(pr.precision[2]).toBeCloseTo(0.75, 12); // 2/3 raised to the later 3/4
    for (let i = 1; i < pr.precision.length; i++) expect(pr.precision[i]!).toBeLessThanOrEqual(pr.precision[i - 1]!);
  });
});
