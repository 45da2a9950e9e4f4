import { describe, expect, it } from 'vitest';
import { auditPdf, revealFinding } from '../../src-main/audit/audit-file';
import { buildLeakySamplePdf } from '../../src-main/samples/leaky-pdf';
import { leakFields } from '../../src-main/audit/leak';

describe('audit of the sample PDF with every kind of failed redaction', () => {
  it('finds text under boxes, the OCR layer of the scan, the unapplied /Redact and the dark highlight', async () => {
    const data = await buildLeakySamplePdf();
    expect(data.length).toBeLessThan(300_000);
    const f = await auditPdf(data, 'sample.pdf');
    const kinds = f.pages.map((p) => p.findings.map((x) => x.kind).sort());
    expect(kinds).toEqual([
      ['text_under_box', 'text_under_box'],
      ['ocr_layer_under_image'],
      ['text_under_annotation', 'unapplied_redaction'],
    ]);
    // the proper redaction (nothing under it) and the box with white text on top are fine
    expect(f.pages[0]?.boxes.map((b) => b.verdict).sort()).toEqual(['empty', 'empty', 'leak', 'leak']);
    expect(f.pages[1]?.findings[0]?.severity).toBe('info');
    expect(f.pages[1]?.findings[0]?.text_length).toBe(0);
  });

  it('reveals the text of one finding on request, matching the hash it reported', async () => {
    const data = await buildLeakySamplePdf();
    const f = await auditPdf(data, 'sample.pdf');
    const first = f.pages[0]?.findings[0];
    const text = await revealFinding(data, 'sample.pdf', 1, 0);
    expect(text).toBe('Jonathan Q. Miller');
    expect(leakFields(text).text_sha1).toBe(first?.text_sha1);
    await expect(revealFinding(data, 'sample.pdf', 2, 0)).rejects.toThrow(/no leaked text/);
  });

  it('reports the text under a detected box on a scanned page as a leak (image redaction + OCR layer)', async () => {
    const data = await buildLeakySamplePdf();
    // the black bar burned into the scan of page 2, as the detector would report it (points)
    const bar = { bbox: [337, 142, 503, 164] as [number, number, number, number], label: 'detected redaction' };
    const f = await auditPdf(data, 'sample.pdf', { detections: new Map([[2, [bar]]]) });
    const leak = f.pages[1]?.findings.find((x) => x.kind === 'text_under_detection');
    expect(leak?.severity).toBe('leak');
    expect(leak?.text_length).toBe('Maria Alvarez'.length);
  });

  it('does not call visible text under a detected box a leak (the detector was wrong there)', async () => {
    const data = await buildLeakySamplePdf();
    // page 1, over the visible heading
    const box = { bbox: [70, 74, 330, 94] as [number, number, number, number], label: 'detected redaction' };
    const f = await auditPdf(data, 'sample.pdf', { detections: new Map([[1, [box]]]) });
    expect(f.pages[0]?.findings.some((x) => x.kind === 'text_under_detection')).toBe(false);
  });
});
