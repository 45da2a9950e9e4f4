import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { SHARED, tmpDir } from '../helpers/tmp';
import { buildLeakySamplePdf } from '../../src-main/samples/leaky-pdf';

const F = path.join(SHARED, 'fixtures', 'pdf-audit');

describe('audit service (real data folder, worker thread)', () => {
  const tmp = tmpDir();
  let s: Services;
  let auditId = '';
  const sample = path.join(tmp.dir, 'sample.pdf');

  beforeAll(async () => {
    fs.writeFileSync(sample, await buildLeakySamplePdf());
    fs.writeFileSync(path.join(tmp.dir, 'broken.pdf'), '%PDF-1.4\n1 0 obj\n<<');
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    const job = s.audit.start({
      paths: [
        path.join(F, 'rectangles_yes.pdf'),
        path.join(F, 'ok_words.pdf'),
        sample,
        path.join(tmp.dir, 'broken.pdf'),
      ],
    });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    auditId = (done.result as { auditId: string }).auditId;
  });
  afterAll(async () => {
    await s?.close();
    tmp.cleanup();
  });

  it('runs the audit as a job and keeps a report with a summary', () => {
    const r = s.audit.get(auditId);
    expect(r.files.map((f) => f.file)).toEqual(['rectangles_yes.pdf', 'ok_words.pdf', 'sample.pdf', 'broken.pdf']);
    expect(r.summary).toMatchObject({ files: 4, failedFiles: 1, pagesWithLeaks: 3, leaks: 7 });
    expect(r.files[3]?.error?.code).toBe('CORRUPT_FILE');
    expect(s.audit.store.list().map((a) => a.id)).toContain(auditId);
  });

  it('never stores the leaked text in the report, the job or the exports', () => {
    const stored = fs.readFileSync(path.join(s.paths.reports, 'audits', auditId, 'report.json'), 'utf8');
    const jobs = JSON.stringify(s.jobs.list());
    const csv = fs.readFileSync(s.audit.export(auditId, 'csv').file, 'utf8');
    const json = fs.readFileSync(s.audit.export(auditId, 'json').file, 'utf8');
    for (const blob of [stored, jobs, csv, json]) {
      expect(blob).not.toContain('Jonathan');
      expect(blob).not.toContain('medical history');
    }
    expect(csv.split('\n')[0]).toBe('file,page,kind,severity,x0,y0,x1,y1,text_length,text_sha1,message');
    expect(csv).toContain('rectangles_yes.pdf,1,text_under_box,leak,141.23,232.2,166.55,246,4,');
    const parsed = JSON.parse(json) as { files: { pages: { findings: unknown[] }[] }[] };
    expect(parsed.files[0]?.pages[0]?.findings).toHaveLength(3);
  });

  it('reveals one finding on request and serves rendered pages and exports as media', async () => {
    const r = s.audit.get(auditId);
    const page = r.files[2]?.pages[0];
    const i = page?.findings.findIndex((x) => x.severity === 'leak') ?? -1;
    const revealed = await s.audit.reveal(auditId, 2, 1, i);
    expect(revealed.text).toBe('Jonathan Q. Miller');
    expect(revealed.text_sha1).toBe(page?.findings[i]?.text_sha1);
    await expect(s.audit.reveal(auditId, 2, 2, 0)).rejects.toThrow(/does not exist/);
    const img = s.media.resolve(`audit/${auditId}/f0-p1.png`);
    expect(img?.type).toBe('image/png');
    expect(fs.statSync(img?.file ?? '').size).toBeGreaterThan(5000);
    expect(s.media.resolve(`audit/${auditId}/findings.csv`)?.downloadName).toMatch(/\.csv$/);
    expect(s.media.resolve(`audit/${auditId}/..%2Freport.json`)).toBeNull();
    expect(s.media.resolve(`audit/${auditId}/report.json`)).toBeNull();
  });

  it('refuses to reveal when the file changed since the audit', async () => {
    fs.writeFileSync(sample, fs.readFileSync(path.join(F, 'rectangles_yes.pdf')));
    await expect(s.audit.reveal(auditId, 2, 1, 0)).rejects.toThrow(/changed since it was audited|no leaked text/);
  });

  it('refuses an audit with nothing to audit', () => {
    expect(() => s.audit.start({})).toThrow(/at least one PDF/);
    expect(() => s.audit.start({ documentIds: [999] })).toThrow(/not a PDF in the library/);
  });
});
