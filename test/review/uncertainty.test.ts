import { describe, expect, it } from 'vitest';
import { pageUncertainty } from '../../src-main/review/uncertainty';

const base = { groundTruth: [], looksRedacted: false, threshold: 0.5 };

describe('page uncertainty for the review queue', () => {
  it('scores boxes near the threshold higher than confident ones', () => {
    const near = pageUncertainty({ ...base, undecided: [{ class: 'redaction', box: [0, 0, 10, 10], score: 0.52 }] });
    const sure = pageUncertainty({ ...base, undecided: [{ class: 'redaction', box: [0, 0, 10, 10], score: 0.98 }] });
    expect(near.score).toBeGreaterThan(sure.score);
    expect(near.reasons).toEqual(['1 box near the threshold']);
    expect(sure.reasons).toEqual([]);
  });

  it('flags overlapping boxes of two classes', () => {
    const r = pageUncertainty({
      ...base,
      undecided: [
        { class: 'redaction', box: [0, 0, 100, 20], score: 0.9 },
        { class: 'exemption_label', box: [2, 0, 100, 20], score: 0.8 },
      ],
    });
    expect(r.reasons).toContain('1 box has two competing classes');
    expect(r.score).toBeGreaterThanOrEqual(1);
  });

  it('flags a page that looks redacted but has no box above the threshold', () => {
    const r = pageUncertainty({
      ...base,
      looksRedacted: true,
      undecided: [{ class: 'redaction', box: [0, 0, 9, 9], score: 0.1 }],
    });
    expect(r.reasons).toContain('looks redacted (dark bars) but has no boxes above the threshold');
    expect(r.score).toBeGreaterThanOrEqual(2);
    const covered = pageUncertainty({
      ...base,
      looksRedacted: true,
      undecided: [{ class: 'redaction', box: [0, 0, 9, 9], score: 0.9 }],
    });
    expect(covered.reasons.join()).not.toMatch(/looks redacted/);
  });

  it('counts detections the annotations do not agree with', () => {
    const r = pageUncertainty({
      ...base,
      groundTruth: [{ class: 'redaction', box: [0, 0, 100, 20] }],
      undecided: [
        { class: 'redaction', box: [0, 0, 100, 20], score: 0.9 },
        { class: 'redaction', box: [0, 200, 100, 220], score: 0.9 },
      ],
    });
    expect(r.reasons).toContain('1 detection disagrees with the annotations');
  });
});
