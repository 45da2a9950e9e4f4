import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import type { SampleLibraryResult } from '../../src-main/samples/sample-library';
import { tmpDir } from '../helpers/tmp';

describe('sample library (first run)', () => {
  const tmp = tmpDir();
  let s: Services;
  let first: SampleLibraryResult;

  beforeAll(async () => {
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const done = await s.jobs.wait(s.jobs.start('samples', {}).id);
    expect(done.status).toBe('succeeded');
    first = done.result as SampleLibraryResult;
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('adds generated pages and a PDF with leaky redactions to the library', () => {
    const docs = s.review.repo.documents('default');
    expect(docs.map((d) => [d.name, d.kind, d.pageCount])).toEqual([
      ['Sample: generated redacted pages', 'synthetic', 4],
      ['redaction-lab-sample-leaky.pdf', 'pdf', 3],
    ]);
    expect(first.pdfDocumentId).toBe(docs[1]?.id);
  });

  it('audits the sample PDF so the Audit view has results at once', () => {
    const report = s.audit.get(first.auditId ?? '');
    expect(report.files[0]?.documentId).toBe(first.pdfDocumentId);
    expect(report.summary.leaks).toBeGreaterThanOrEqual(4);
  });

  it('adds nothing twice when opened again', async () => {
    const again = await s.jobs.wait(s.jobs.start('samples', {}).id);
    expect((again.result as SampleLibraryResult).documentIds).toEqual(first.documentIds);
    expect(s.review.repo.documents('default')).toHaveLength(2);
  });
});
