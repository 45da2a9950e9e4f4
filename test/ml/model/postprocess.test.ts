import { describe, expect, it } from 'vitest';
import { locations } from '../../../src-main/ml/model/locations';
import { classLimits, joinLinePieces, postprocess, type RawDetection } from '../../../src-main/ml/model/postprocess';

const C = 3;
const loc = locations(64); // levels 8x8, 4x4, 2x2 -> 84 locations
const logit = (p: number) => Math.log(p / (1 - p));

function output(): Float32Array {
  return new Float32Array(loc.count * (C + 5)).fill(-20);
}

/** Sets location i: class c with probability p, quality q, box (dx, dy, log w, log h). */
function set(out: Float32Array, i: number, c: number, p: number, q: number, box: [number, number, number, number]) {
  const o = i * (C + 5);
  out[o + c] = logit(p);
  out[o + C] = logit(q);
  out.set(box, o + C + 1);
}

describe('postprocess', () => {
  it('decodes centre offsets and log sizes in strides into corner boxes', () => {
    const out = output();
    set(out, 9, 0, 0.9, 0.81, [0.5, -0.25, Math.log(4), Math.log(0.5)]); // location (x 12, y 12), stride 8
    const d = postprocess(out, C, loc, { scoreThreshold: 0.1 });
    expect(d).toHaveLength(1);
    expect(d[0]!.cls).toBe(0);
    expect(d[0]!.score).toBeCloseTo(Math.sqrt(0.9 * 0.81), 5);
    const [x0, y0, x1, y1] = d[0]!.box;
    expect([x0, y0, x1, y1].map((v) => Math.round(v * 100) / 100 + 0)).toEqual([0, 8, 32, 12]);
  });

  it('suppresses overlapping boxes of one class but keeps other classes and distant boxes', () => {
    const out = output();
    set(out, 9, 0, 0.9, 0.9, [0, 0, 1, 1]);
    set(out, 10, 0, 0.8, 0.9, [-1, 0, 1, 1]); // the same place, lower score
    set(out, 11, 1, 0.7, 0.9, [-2, 0, 1, 1]); // same place, another class
    set(out, 60, 0, 0.6, 0.9, [0, 0, 1, 1]); // far away
    const d = postprocess(out, C, loc, { scoreThreshold: 0.1 });
    expect(d.map((x) => x.cls)).toEqual([0, 1, 0]);
    expect(d[0]!.score).toBeGreaterThan(d[1]!.score);
  });

  it('keeps one page-content area per page', () => {
    const out = output();
    set(out, 60, 1, 0.9, 0.9, [0, 0, 2, 2]);
    set(out, 9, 1, 0.8, 0.9, [0, 0, 1, 1]); // another content box elsewhere
    set(out, 20, 0, 0.8, 0.9, [0, 0, 1, 1]);
    const d = postprocess(out, C, loc, {
      scoreThreshold: 0.1,
      maxPerClass: classLimits(['redaction', 'content', 'x']),
    });
    expect(d.map((x) => x.cls).sort()).toEqual([0, 1]);
    expect(d.find((x) => x.cls === 1)!.score).toBeCloseTo(Math.sqrt(0.9 * 0.9), 5);
  });

  it('drops scores below the threshold and keeps at most maxDetections', () => {
    const out = output();
    for (let i = 0; i < 40; i++) set(out, i, 0, 0.2 + i * 0.01, 1 - 1e-6, [0, 0, -1, -1]);
    expect(postprocess(out, C, loc, { scoreThreshold: 0.5 }).every((x) => x.score > 0.5)).toBe(true);
    expect(postprocess(out, C, loc, { scoreThreshold: 0.05, maxDetections: 7 })).toHaveLength(7);
  });
});

describe('joinLinePieces', () => {
  const det = (score: number, box: RawDetection['box']): RawDetection => ({ cls: 0, score, box });

  it('joins overlapping pieces of one bar into one box with the best score and rows', () => {
    // a 600 x 18 bar seen as three pieces (the middle one a little lower)
    const out = joinLinePieces([
      det(0.66, [100, 200, 320, 218]),
      det(0.6, [280, 201, 520, 219]),
      det(0.58, [480, 199, 700, 218]),
    ]);
    expect(out).toEqual([det(0.66, [100, 200, 700, 218])]);
  });

  it('takes each end from the piece centred nearest to it', () => {
    // the second piece is centred right of the first: its right end counts, its overshoot on the left does not
    const out = joinLinePieces([det(0.9, [100, 200, 400, 218]), det(0.8, [60, 201, 650, 219])]);
    expect(out).toEqual([det(0.9, [100, 200, 650, 218])]);
  });

  it('leaves stacked lines, bars with a gap between them and weak pieces alone', () => {
    const lines = [det(0.9, [100, 200, 500, 218]), det(0.85, [100, 222, 500, 240])];
    expect(joinLinePieces(lines)).toEqual(lines);
    const gap = [det(0.9, [100, 200, 300, 218]), det(0.85, [310, 200, 500, 218])];
    expect(joinLinePieces(gap)).toEqual(gap);
    const weak = [det(0.9, [100, 200, 300, 218]), det(0.5, [250, 200, 500, 218])];
    expect(joinLinePieces(weak)).toEqual(weak);
    // rows overlap by less than 70 % of the taller box: a tall box beside a line
    const tall = [det(0.9, [100, 200, 300, 218]), det(0.85, [250, 190, 400, 240])];
    expect(joinLinePieces(tall)).toEqual(tall);
  });

  it('is applied by postprocess per class, and can be switched off', () => {
    const out = output();
    // two stride-8 locations in one row (centres x 12 and 28), each seeing part of a 32 x 4 bar
    set(out, 9, 0, 0.9, 0.9, [0.25, 0, Math.log(2.5), Math.log(0.5)]); // x 4..24
    set(out, 11, 0, 0.85, 0.9, [-0.25, 0, Math.log(2.5), Math.log(0.5)]); // x 16..36 (IoU 0.25: NMS keeps both)
    set(out, 10, 1, 0.85, 0.9, [0, 0, Math.log(2.5), Math.log(0.5)]); // another class between them
    const joined = postprocess(out, C, loc, { scoreThreshold: 0.1 });
    expect(joined.filter((d) => d.cls === 0).map((d) => d.box.map((v) => Math.round(v)))).toEqual([[4, 10, 36, 14]]);
    expect(joined.filter((d) => d.cls === 1)).toHaveLength(1);
    expect(
      postprocess(out, C, loc, { scoreThreshold: 0.1, joinPieces: false }).filter((d) => d.cls === 0),
    ).toHaveLength(2);
  });
});
