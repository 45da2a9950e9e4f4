import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tmpDir } from '../helpers/tmp';

const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', path.join(tmp.dir, 'data')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

interface Coco {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: {
    id: number;
    image_id: number;
    category_id: number;
    bbox: number[];
    area: number;
    iscrowd: number;
    style?: string;
  }[];
  categories: { id: number; name: string }[];
}

describe('redlab synth (built)', () => {
  it('writes DIR/images/*.png and a valid COCO annotations.json, the same bytes for the same seed', async () => {
    const a = path.join(tmp.dir, 'a');
    const b = path.join(tmp.dir, 'b');
    const r = redlab('synth', '--count', '6', '--seed', '11', '--out', a, '--size', '900', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { pages: number; boxes: number; annotations: string };
    expect(summary.pages).toBe(6);
    expect(redlab('synth', '--count', '6', '--seed', '11', '--out', b, '--size', '900').status).toBe(0);
    expect(tree(a)).toEqual(tree(b));

    const coco = JSON.parse(fs.readFileSync(path.join(a, 'annotations.json'), 'utf8')) as Coco;
    expect(summary.annotations).toBe(path.join(a, 'annotations.json'));
    expect(coco.categories).toEqual([
      { id: 1, name: 'redaction', supercategory: 'page' },
      { id: 2, name: 'content', supercategory: 'page' },
      { id: 3, name: 'exemption_label', supercategory: 'page' },
    ]);
    expect(coco.images).toHaveLength(6);
    for (const img of coco.images) {
      const meta = await sharp(path.join(a, 'images', img.file_name)).metadata();
      expect([meta.width, meta.height]).toEqual([img.width, img.height]);
      expect(Math.max(img.width, img.height)).toBe(900);
    }
    const ids = new Set(coco.images.map((i) => i.id));
    for (const ann of coco.annotations) {
      expect(ids.has(ann.image_id)).toBe(true);
      expect([1, 2, 3]).toContain(ann.category_id);
      expect(ann.iscrowd).toBe(0);
      expect(ann.bbox[2]).toBeGreaterThan(0);
      expect(ann.area).toBe((ann.bbox[2] ?? 0) * (ann.bbox[3] ?? 0));
    }
    expect(coco.annotations.filter((x) => x.category_id === 1).length).toBeGreaterThan(6);
    expect(coco.annotations.filter((x) => x.category_id === 1).every((x) => typeof x.style === 'string')).toBe(true);
  });

  it('uses a named built-in profile: negatives only gives content boxes and nothing else', () => {
    const c = path.join(tmp.dir, 'c');
    expect(
      redlab('synth', '--count', '3', '--seed', '11', '--out', c, '--size', '900', '--profile', 'negatives-only')
        .status,
    ).toBe(0);
    const coco = JSON.parse(fs.readFileSync(path.join(c, 'annotations.json'), 'utf8')) as Coco;
    expect(coco.annotations.every((x) => x.category_id === 2)).toBe(true);
  });

  it('explains bad options with exit code 2 and an unknown profile with exit code 1', () => {
    const missing = redlab('synth', '--count', '3', '--seed', '1');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--out DIR is required');
    const bad = redlab('synth', '--count', 'many', '--seed', '1', '--out', path.join(tmp.dir, 'x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--count must be a number');
    const unknown = redlab(
      'synth',
      '--count',
      '1',
      '--seed',
      '1',
      '--out',
      path.join(tmp.dir, 'y'),
      '--profile',
      'nope',
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('There is no synthetic profile "nope"');
  });
});
