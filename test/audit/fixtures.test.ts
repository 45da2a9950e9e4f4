import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditPdf } from '../../src-main/audit/audit-file';
import type { AuditFile } from '../../src-main/shared/contract/audit';
import { SHARED } from '../helpers/tmp';

const DIR = path.join(SHARED, 'fixtures', 'pdf-audit');

interface BlackBox {
  page: number;
  bbox: [number, number, number, number];
  text: string;
  bad: boolean;
}

interface Case {
  file: string;
  black_boxes: BlackBox[];
}

const cases = (JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as { cases: Case[] }).cases;

async function audit(file: string): Promise<AuditFile> {
  return auditPdf(new Uint8Array(fs.readFileSync(path.join(DIR, file))), file);
}

function leakPages(f: AuditFile): number[] {
  return f.pages.filter((p) => p.findings.some((x) => x.severity === 'leak')).map((p) => p.page);
}

describe('PDF audit on the x-ray fixtures', () => {
  it('reads every fixture case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(`${c.file}: finds bad redactions on exactly the expected pages`, async () => {
      const f = await audit(c.file);
      expect(f.error).toBeUndefined();
      const want = [...new Set(c.black_boxes.filter((b) => b.bad).map((b) => b.page))].sort((a, b) => a - b);
      expect(leakPages(f)).toEqual(want);
    });

    it(`${c.file}: finds every dark box of expected.json at its place with the right verdict`, async () => {
      const f = await audit(c.file);
      for (const b of c.black_boxes) {
        const page = f.pages.find((p) => p.page === b.page);
        const hit = page?.boxes.find((x) => x.bbox.every((v, i) => Math.abs(v - (b.bbox[i] ?? 0)) < 1));
        expect(hit, `box ${b.bbox.join(',')} on page ${b.page}`).toBeDefined();
        expect(hit?.verdict === 'leak').toBe(b.bad);
      }
    });
  }

  it('counts the characters x-ray counts under the boxes of rectangles_yes.pdf (64) and hashes each leak', async () => {
    const f = await audit('rectangles_yes.pdf');
    const leaks = f.pages.flatMap((p) => p.findings.filter((x) => x.severity === 'leak'));
    expect(leaks).toHaveLength(3);
    expect(leaks.reduce((s, x) => s + x.text_length, 0)).toBe(64);
    for (const l of leaks) {
      expect(l.kind).toBe('text_under_box');
      expect(l.text_sha1).toMatch(/^[0-9a-f]{40}$/);
      expect(l.text).toBeUndefined();
    }
  });

  it('puts the hidden text in the findings only when asked to reveal it', async () => {
    const data = new Uint8Array(fs.readFileSync(path.join(DIR, 'rectangles_yes.pdf')));
    const f = await auditPdf(data, 'rectangles_yes.pdf', { reveal: true });
    const texts = f.pages.flatMap((p) => p.findings.map((x) => x.text));
    expect(texts).toContain('\u201cYes\u201d, but did not disclose all relevant medical history');
  });
});
