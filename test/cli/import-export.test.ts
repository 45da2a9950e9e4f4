import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, SHARED, tmpDir } from '../helpers/tmp';
import { bombPng, writePngFolder } from '../documents/make-files';

const tmp = tmpDir('redlab-cli-import-');
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('redlab import and export (built CLI)', () => {
  const data = path.join(tmp.dir, 'data');

  it('imports the fixture PDFs and a folder of PNGs, lists broken files and prints exactly the JSON contract', async () => {
    const pngs = await writePngFolder(path.join(tmp.dir, 'pngs', 'nested'), 4);
    const bad = path.join(tmp.dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(
      path.join(bad, 'broken.pdf'),
      fs.readFileSync(path.join(SHARED, 'fixtures', 'pdf-audit', 'ok_words.pdf')).subarray(0, 500),
    );
    fs.writeFileSync(path.join(bad, 'zero.pdf'), '');
    fs.writeFileSync(path.join(bad, 'bomb.png'), bombPng(30000, 30000));
    const pdfs = path.join(SHARED, 'fixtures', 'pdf-audit');
    const pdfFiles = fs
      .readdirSync(pdfs)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => path.join(pdfs, f));
    const r = redlab(
      'import',
      ...pdfFiles,
      path.join(tmp.dir, 'pngs'),
      bad,
      '--dpi',
      '100',
      '--data-dir',
      data,
      '--json',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { documents: Record<string, unknown>[]; errors: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['documents', 'errors']);
    expect(out.documents).toHaveLength(10 + pngs.length);
    for (const d of out.documents) expect(Object.keys(d)).toEqual(['id', 'name', 'pages']);
    expect(out.documents.filter((d) => String(d.name).endsWith('.png')).map((d) => d.name)).toEqual(
      pngs.map((p) => path.basename(p)),
    );
    expect(out.errors.map((e) => [path.basename(String(e.file)), e.code]).sort()).toEqual([
      ['bomb.png', 'IMAGE_TOO_LARGE'],
      ['broken.pdf', 'CORRUPT_FILE'],
      ['zero.pdf', 'EMPTY_FILE'],
    ]);
    for (const e of out.errors) expect(Object.keys(e)).toEqual(['file', 'code', 'message']);
  });

  it('exports COCO with every page, the category names and unique file names', () => {
    const file = path.join(tmp.dir, 'coco.json');
    const r = redlab('export', '--format', 'coco', '--out', file, '--data-dir', data, '--json');
    expect(r.status).toBe(0);
    const coco = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      images: { file_name: string; width: number }[];
      categories: { name: string }[];
    };
    expect(coco.images).toHaveLength(14);
    expect(new Set(coco.images.map((i) => i.file_name)).size).toBe(14);
    expect(coco.categories.map((c) => c.name)).toEqual(['redaction', 'content', 'exemption_label']);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'coco', images: 14, annotations: 0 });
  });

  it('exits 2 with a usage message when nothing can run', () => {
    const a = redlab('import', '--data-dir', data);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/give at least one file or folder/);
    const b = redlab('export', '--format', 'tiff', '--out', tmp.dir, '--data-dir', data);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--format must be one of coco, yolo, voc, prodigy/);
  });
});
