import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../src-main/eval/coco';
import { randomCase } from './random-cases';

const ORACLE = path.join(__dirname, 'reference', 'cocoeval_ref.py');
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

interface OracleResult {
  stats: number[];
  precision: number[];
  recall: number[];
}

describe('evaluateCoco against a numpy re-statement of COCOeval on random tricky cases', () => {
  it.skipIf(!hasNumpy)('gives bit-identical stats, precision and recall on 150 seeded cases', () => {
    const cases = Array.from({ length: 150 }, (_, i) => randomCase(1000 + i));
    const r = spawnSync('python3', [ORACLE], {
      input: JSON.stringify(cases.map((c) => ({ gt: c.gt, dt: c.dt }))),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    expect(r.stderr).toBe('');
    const expected = JSON.parse(r.stdout) as OracleResult[];
    let nonTrivial = 0;
    cases.forEach((c, i) => {
      const got = evaluateCoco(structuredClone(c.gt), c.dt);
      const want = expected[i]!;
      expect(got.stats, `case ${i}`).toEqual(want.stats);
      expect(Array.from(got.precision), `case ${i}`).toEqual(want.precision);
      expect(Array.from(got.recall), `case ${i}`).toEqual(want.recall);
      if (want.stats[0]! > 0 && want.stats[0]! < 1) nonTrivial++;
    });
    expect(nonTrivial).toBeGreaterThan(50);
  });
});
