import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCoco, readDetections, readGroundTruth, SUMMARY_KEYS } from '../../src-main/eval/coco';
import { SHARED } from '../helpers/tmp';

const DIR = path.join(SHARED, 'fixtures', 'coco-eval');
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

interface Fixture {
  kind: string;
  ground_truth: unknown;
  detections: unknown;
  stats_names: string[];
  stats: number[];
}

function load(file: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Fixture;
}

describe('evaluateCoco against the shared pycocotools fixtures', () => {
  it('finds the shared fixtures, including crowd cases and cases with more than 100 detections', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(FILES.map((f) => load(f).kind));
    expect(kinds).toContain('crowd');
    expect(kinds).toContain('many');
  });

  it.each(FILES)('matches pycocotools on all 12 numbers within 1e-4 for %s', (file) => {
    const c = load(file);
    const r = evaluateCoco(readGroundTruth(c.ground_truth), readDetections(c.detections));
    expect(c.stats_names).toEqual([...SUMMARY_KEYS]);
    const worst = Math.max(...c.stats.map((v, i) => Math.abs(v - r.stats[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-4);
    c.stats_names.forEach((k, i) => expect(r.summary[k as keyof typeof r.summary]).toBe(r.stats[i]));
  });
});
