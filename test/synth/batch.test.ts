import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBatch, writeCocoSet } from '../../src-main/synth/batch';
import { DEFAULT_SETTINGS } from '../../src-main/synth/profiles';
import { tmpDir } from '../helpers/tmp';

const SMALL = { ...DEFAULT_SETTINGS, longSide: 800 };

function filesOf(dir: string): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const f of fs.readdirSync(path.join(dir, 'images')).sort())
    m.set(f, fs.readFileSync(path.join(dir, 'images', f)));
  return m;
}

describe('generateBatch (worker threads)', () => {
  const tmp = tmpDir();
  afterAll(() => tmp.cleanup());

  it('writes the same files whatever the number of workers, and reports progress for every page', async () => {
    const progress: number[] = [];
    const one = await generateBatch({
      settings: SMALL,
      seed: 8,
      count: 5,
      outDir: path.join(tmp.dir, 'one'),
      workers: 1,
    });
    const two = await generateBatch({
      settings: SMALL,
      seed: 8,
      count: 5,
      outDir: path.join(tmp.dir, 'two'),
      workers: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(two.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(two.map((p) => p.annotations)).toEqual(one.map((p) => p.annotations));
    const a = filesOf(path.join(tmp.dir, 'one'));
    const b = filesOf(path.join(tmp.dir, 'two'));
    expect([...a.keys()]).toEqual(['000000.png', '000001.png', '000002.png', '000003.png', '000004.png']);
    for (const [name, buf] of a) expect(buf.equals(b.get(name)!), name).toBe(true);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('continues a set: pages 3..4 of a run starting at index 3 equal pages 3..4 of the whole set', async () => {
    const tail = await generateBatch({
      settings: SMALL,
      seed: 8,
      count: 2,
      first: 3,
      outDir: path.join(tmp.dir, 'tail'),
    });
    expect(tail.map((p) => p.file)).toEqual(['000003.png', '000004.png']);
    const whole = filesOf(path.join(tmp.dir, 'one'));
    const part = filesOf(path.join(tmp.dir, 'tail'));
    for (const [name, buf] of part) expect(buf.equals(whole.get(name)!)).toBe(true);
  });

  it('stops when its signal is aborted', async () => {
    const ac = new AbortController();
    const run = generateBatch({
      settings: SMALL,
      seed: 1,
      count: 200,
      outDir: path.join(tmp.dir, 'cancel'),
      signal: ac.signal,
      onProgress: (done) => {
        if (done >= 2) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fs.readdirSync(path.join(tmp.dir, 'cancel', 'images')).length).toBeLessThan(200);
  });

  it('writes a COCO file with fixed category ids and one image entry per PNG', async () => {
    const out = path.join(tmp.dir, 'coco');
    const r = await writeCocoSet({ settings: SMALL, seed: 4, count: 4, outDir: out, profile: 'default' });
    const coco = JSON.parse(fs.readFileSync(r.file, 'utf8')) as {
      images: { id: number; file_name: string; width: number; height: number }[];
      annotations: {
        id: number;
        image_id: number;
        category_id: number;
        bbox: number[];
        area: number;
        iscrowd: number;
      }[];
      categories: { id: number; name: string }[];
    };
    expect(coco.categories.map((c) => [c.id, c.name])).toEqual([
      [1, 'redaction'],
      [2, 'content'],
      [3, 'exemption_label'],
    ]);
    expect(coco.images.map((i) => i.file_name)).toEqual(['000000.png', '000001.png', '000002.png', '000003.png']);
    expect(new Set(coco.annotations.map((a) => a.id)).size).toBe(coco.annotations.length);
    expect(coco.annotations.filter((a) => a.category_id === 2)).toHaveLength(4);
    for (const a of coco.annotations) {
      const img = coco.images.find((i) => i.id === a.image_id)!;
      const [x, y, w, h] = a.bbox as [number, number, number, number];
      expect(x + w).toBeLessThanOrEqual(img.width);
      expect(y + h).toBeLessThanOrEqual(img.height);
      expect(a.area).toBe(w * h);
      expect(a.iscrowd).toBe(0);
    }
    expect(r.boxes).toBe(coco.annotations.length);
  });
});
