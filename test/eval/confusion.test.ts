import { describe, expect, it } from 'vitest';
import { confusion } from '../../src-main/eval/confusion';
import type { Box, BoxClass } from '../../src-main/shared/boxes';

const g = (c: BoxClass, box: Box) => ({ class: c, box });
const p = (c: BoxClass, box: Box, score: number) => ({ class: c, box, score });

describe('detection confusion summary', () => {
  it('separates matches, class confusions, misses and background false positives', () => {
    const pages = [
      {
        gt: [
          g('redaction', [0, 0, 100, 20]),
          g('exemption_label', [200, 0, 240, 20]),
          g('redaction', [0, 100, 50, 120]),
        ],
        pred: [
          p('redaction', [0, 0, 100, 21], 0.9), // match
          p('redaction', [200, 0, 240, 20], 0.8), // label predicted as redaction
          p('redaction', [400, 400, 450, 420], 0.7), // background
          p('redaction', [0, 100, 50, 120], 0.3), // below threshold: the GT is missed
        ],
      },
    ];
    const c = confusion(pages, 0.5);
    expect(c.matrix.redaction.redaction).toBe(1);
    expect(c.matrix.exemption_label.redaction).toBe(1);
    expect(c.matrix.redaction.missed).toBe(1);
    expect(c.matrix.background.redaction).toBe(1);
    expect(c).toMatchObject({ backgroundFp: 1, missedGt: 1, classConfusions: 1, threshold: 0.5 });
    const low = confusion(pages, 0.2);
    expect(low.matrix.redaction.redaction).toBe(2);
    expect(low.missedGt).toBe(0);
  });
});
