import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LAYOUT_KINDS,
  PAGE_SIZES,
  REDACTION_SHAPES,
  SYNTH_STYLES,
  synthSettingsSchema,
  type SynthSettings,
} from '../../src-main/shared/contract/synth';
import { generatePage } from '../../src-main/synth/generate';

const weights = <K extends string>(keys: readonly K[]): fc.Arbitrary<Record<K, number>> => {
  const one = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 }));
  return fc
    .tuple(...keys.map(() => one))
    .map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i] ?? 0])) as Record<K, number>);
};
const unit = fc.double({ min: 0, max: 1, noNaN: true });

const settings: fc.Arbitrary<SynthSettings> = fc.record({
  longSide: fc.integer({ min: 256, max: 900 }),
  pageSizes: weights(PAGE_SIZES),
  layouts: weights(LAYOUT_KINDS),
  styles: weights(SYNTH_STYLES),
  shapes: weights(REDACTION_SHAPES),
  redactedPages: unit,
  boxesPerPage: fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })),
  smallBoxes: unit,
  codeInside: unit,
  codeBeside: unit,
  negatives: unit,
  ageing: unit,
  maxRotationDeg: fc.double({ min: 0, max: 5, noNaN: true }),
  bilevel: unit,
  jpeg: unit,
});

describe('generatePage with any valid settings', () => {
  it('makes a page of the asked size whose boxes all lie inside it', async () => {
    await fc.assert(
      fc.asyncProperty(
        settings,
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 10_000 }),
        async (s, seed, index) => {
          expect(synthSettingsSchema.safeParse(s).success).toBe(true);
          const p = await generatePage(s, seed, index);
          expect(Math.max(p.width, p.height)).toBe(s.longSide);
          for (const a of p.annotations) {
            expect(a.box[0]).toBeGreaterThanOrEqual(0);
            expect(a.box[1]).toBeGreaterThanOrEqual(0);
            expect(a.box[2]).toBeLessThanOrEqual(p.width);
            expect(a.box[3]).toBeLessThanOrEqual(p.height);
            expect(a.box[2] - a.box[0]).toBeGreaterThanOrEqual(1);
            expect(a.box[3] - a.box[1]).toBeGreaterThanOrEqual(1);
            expect(a.box.every(Number.isInteger)).toBe(true);
          }
        },
      ),
      { numRuns: 40, seed: 20240501 },
    );
  });
});
