import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../src-main/app/locations';
import { initSizeNote } from '../../src-main/training/run-config';
import { CLI, tmpDir } from '../helpers/tmp';
import { drawPages, type DrawnSet } from '../ml/draw-pages';

const tmp = tmpDir('redlab-cli-train-');
afterAll(() => tmp.cleanup());
const dataDir = path.join(tmp.dir, 'data');

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
  file_name?: string;
}

describe('redlab train and redlab infer (built CLI)', () => {
  let set: DrawnSet;
  let val: DrawnSet;
  const model = path.join(tmp.dir, 'model');
  beforeAll(() => {
    set = drawPages(path.join(tmp.dir, 'train'), 8, 21);
    val = drawPages(path.join(tmp.dir, 'val'), 3, 22);
  });

  it('trains from a COCO file, validates every epoch, records the run and exports the model', () => {
    const r = redlab(
      'train',
      ...['--coco', set.coco, '--images', set.images, '--val-coco', val.coco, '--val-images', val.images],
      ...['--image-size', '128', '--batch-size', '4', '--epochs', '2', '--backbone', 'small', '--out', model, '--json'],
    );
    // the only thing on stderr: the warning that the shipped model it fine-tunes learned at another size
    const note = initSizeNote(path.join(resourcesDir(), 'models', 'default'), 128);
    expect(r.stderr).toBe(note ? `warn: ${note}\n` : '');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      run: { id: number; status: string; stepsDone: number; backend: string };
      metrics: Record<string, number>;
    };
    expect(out.run).toMatchObject({ status: 'completed', stepsDone: 4, backend: 'wasm' });
    expect(typeof out.metrics['val/AP50']).toBe('number');
    const meta = JSON.parse(fs.readFileSync(path.join(model, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({
      format: 'redlab-detector',
      imageSize: 128,
      backbone: 'small',
      classes: ['redaction', 'content', 'exemption_label'],
    });
    expect(meta.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    // No local paths in the shipped metadata (the run fine-tuned the shipped model: named, not located).
    expect(JSON.stringify(meta.training)).not.toMatch(/"\/|[A-Z]:\\/);
    expect(meta.training).toMatchObject({ init: 'default' });
    expect(fs.existsSync(path.join(model, 'weights.bin'))).toBe(true);
  }, 600_000);

  it('writes COCO results with image and category ids taken from the ground truth', () => {
    const dets = path.join(tmp.dir, 'dets.json');
    const r = redlab(
      'infer',
      '--model',
      model,
      '--coco',
      val.coco,
      '--images',
      val.images,
      '--threshold',
      '0.01',
      '--out',
      dets,
    );
    expect(r.status).toBe(0);
    const results = JSON.parse(fs.readFileSync(dets, 'utf8')) as CocoResult[];
    expect(results.length).toBeGreaterThan(0);
    for (const d of results) {
      expect([1, 2, 3]).toContain(d.image_id);
      expect([1, 2, 3]).toContain(d.category_id);
      expect(d.bbox).toHaveLength(4);
      expect(d.score).toBeGreaterThanOrEqual(0.01);
      expect(d.file_name).toBeUndefined();
    }
  }, 300_000);

  it('runs on image files and folders, numbering images in order and naming their files', () => {
    const dets = path.join(tmp.dir, 'dets2.json');
    const r = redlab('infer', '--model', model, val.images, '--threshold', '0.01', '--out', dets, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ pages: 3, backend: 'wasm' });
    const results = JSON.parse(fs.readFileSync(dets, 'utf8')) as CocoResult[];
    const names = new Map(results.map((d) => [d.image_id, d.file_name]));
    expect(names.get(1)).toBe('0000.png');
  }, 300_000);

  it("records the run in the data folder's database, so the app lists runs made on the command line", () => {
    const db = new Database(path.join(dataDir, 'redlab.db'), { readonly: true });
    try {
      const rows = db.prepare(`SELECT status, steps_done, backend, out_dir FROM runs`).all();
      expect(rows).toEqual([{ status: 'completed', steps_done: 4, backend: 'wasm', out_dir: model }]);
      const metrics = db.prepare(`SELECT COUNT(*) AS n FROM run_metrics WHERE name = 'val/AP50'`).get() as {
        n: number;
      };
      expect(metrics.n).toBe(2);
    } finally {
      db.close();
    }
  });

  it('measures training and inference speed with redlab bench', () => {
    const r = redlab('bench', '--sizes', '64,96', '--batch-size', '2', '--steps', '1', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      backend: string;
      rows: { size: number; trainImagesPerSec: number; inferImagesPerSec: number }[];
    };
    expect(out.backend).toBe('wasm');
    expect(out.rows.map((x) => x.size)).toEqual([64, 96]);
    for (const row of out.rows) {
      expect(row.trainImagesPerSec).toBeGreaterThan(0);
      expect(row.inferImagesPerSec).toBeGreaterThan(row.trainImagesPerSec);
    }
  }, 300_000);

  it('explains usage errors and refuses resuming a run that does not exist', () => {
    const noOut = redlab('infer', '--model', model, val.images);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toMatch(/--out/);
    const noSize = redlab('train', '--coco', set.coco, '--images', set.images, '--batch-size', '4', '--epochs', '1');
    expect(noSize.status).toBe(2);
    expect(noSize.stderr).toMatch(/--image-size is required/);
    const missing = redlab('train', '--resume', '999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Run 999 does not exist/);
  }, 120_000);
});
