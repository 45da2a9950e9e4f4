import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, SHARED, tmpDir } from '../helpers/tmp';

const F = path.join(SHARED, 'fixtures', 'pdf-audit');
const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redlab report (built CLI)', () => {
  const data = path.join(tmp.dir, 'data');

  it('imports the inputs and writes a PDF report with statistics and the audit of the originals', () => {
    const out = path.join(tmp.dir, 'report.pdf');
    const r = redlab(
      'report',
      '--out',
      out,
      path.join(F, 'rectangles_yes.pdf'),
      path.join(F, 'ok_words.pdf'),
      '--data-dir',
      data,
      '--json',
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { documents: number; pages: number; format: string };
    expect(summary).toMatchObject({ documents: 2, pages: 2, format: 'pdf' });
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Redaction report/);
    expect(text).toMatch(/rectangles_yes\.pdf: 3 bad redaction\(s\)/);
    expect(text).toMatch(/ok_words\.pdf: 0 bad redaction\(s\)/);
    expect(text).not.toMatch(/medical history/);
  });

  it('writes CSV and JSON of the boxes, by the extension of --out', () => {
    const csv = path.join(tmp.dir, 'boxes.csv');
    expect(redlab('report', '--out', csv, '--data-dir', data).status).toBe(0);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[0]).toBe(
      'document,document_id,page,page_id,class,x0,y0,x1,y1,score,source,label',
    );
    const json = path.join(tmp.dir, 'boxes.json');
    expect(redlab('report', '--out', json, '--data-dir', data).status).toBe(0);
    const body = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      stats: { collection: { documents: number } };
      audit: unknown[];
    };
    expect(body.stats.collection.documents).toBe(2);
    expect(body.audit).toHaveLength(2);
  });

  it('refuses a missing or unknown --out with exit code 2', () => {
    expect(redlab('report', '--data-dir', data).status).toBe(2);
    const r = redlab('report', '--out', path.join(tmp.dir, 'x.docx'), '--data-dir', data);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/must end in \.pdf, \.csv or \.json/);
  });
});
