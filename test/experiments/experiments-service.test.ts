import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/app/services';
import { tmpDir } from '../helpers/tmp';
import { cocoSet, curves, recordRun, services, synthIntoDataset } from './fixture';

describe('ExperimentsService on a real SQLite file', () => {
  const tmp = tmpDir();
  let s: Services;
  let train: { coco: string; images: string };
  let datasetId: number;
  const events: string[] = [];

  beforeAll(async () => {
    s = services(path.join(tmp.dir, 'data'));
    s.bus.subscribe((name) => events.push(name));
    train = await cocoSet(path.join(tmp.dir, 'coco'), 3, 5);
    datasetId = await synthIntoDataset(s, 'mix', 'train', 3, 1);
    await synthIntoDataset(s, 'mix', 'val', 1, 2);
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  const base = (o: Record<string, unknown> = {}) => ({
    train: [train],
    backbone: 'small',
    imageSize: 128,
    batchSize: 8,
    epochs: 3,
    ...o,
  });

  it('lists runs with their organisation, renames them and keeps notes and unique tags', () => {
    const id = recordRun(s, base({ name: 'first' }), { metrics: curves(3, 2, (e) => e / 10) });
    const renamed = s.experiments.rename(id, '  baseline 128px  ');
    expect(renamed.name).toBe('baseline 128px');
    const noted = s.experiments.annotate(id, { notes: 'AdamW, no tricks', tags: ['baseline', 'cpu', 'baseline'] });
    expect(noted.notes).toBe('AdamW, no tricks');
    expect(noted.tags).toEqual(['baseline', 'cpu']);
    expect(s.experiments.annotate(id, { notes: '   ' }).notes).toBeNull();
    const listed = s.experiments.list().find((r) => r.id === id)!;
    expect(listed).toMatchObject({ name: 'baseline 128px', tags: ['baseline', 'cpu'], archived: false });
    expect(listed.bestAp50).toBeCloseTo(0.3);
    expect(listed.lastValLoss).toBeCloseTo(2 / 3);
    expect(listed.imagesPerSec).toBe(5);
    expect(listed.durationSeconds).not.toBeNull();
    expect(events).toContain('runs:onUpdate');
  });

  it('hides archived runs unless asked and shows them again when unarchived', () => {
    const id = recordRun(s, base({ name: 'old idea' }));
    s.experiments.archive(id, true);
    expect(s.experiments.list().some((r) => r.id === id)).toBe(false);
    expect(s.experiments.list(true).find((r) => r.id === id)?.archived).toBe(true);
    s.experiments.archive(id, false);
    expect(s.experiments.list().some((r) => r.id === id)).toBe(true);
  });

  it('deletes a finished run with its metrics, checkpoints, predictions and folder, and refuses a training one', () => {
    const id = recordRun(s, base({ name: 'to delete' }), { metrics: curves(1, 2, () => 0.1) });
    const dir = path.join(s.paths.runs, String(id));
    fs.mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
    s.training.repo.addCheckpoint(
      id,
      { step: 2, epoch: 1, dir: path.join(dir, 'checkpoints', 'x'), sha256: 'ab', isBest: true, metrics: {} },
      [],
    );
    expect(s.experiments.delete(id)).toEqual({ deleted: true, keptFolder: null });
    expect(fs.existsSync(dir)).toBe(false);
    const left = s.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM run_metrics WHERE run_id = ?) + (SELECT COUNT(*) FROM checkpoints WHERE run_id = ?) AS n`,
      )
      .get(id, id) as { n: number };
    expect(left.n).toBe(0);
    expect(() => s.experiments.get(id)).toThrow(/does not exist/);
    expect(events).toContain('experiments:onDeleted');

    const busy = recordRun(s, base({ name: 'busy' }), { status: 'running' });
    expect(() => s.experiments.delete(busy)).toThrow(/Stop it first/);
    s.training.repo.setStatus(busy, 'stopped');
  });

  it('leaves a run folder outside the data folder in place when deleting the run', () => {
    const outside = path.join(tmp.dir, 'elsewhere');
    const id = recordRun(s, base({ name: 'outside', outDir: outside }));
    fs.mkdirSync(outside, { recursive: true });
    expect(s.experiments.delete(id).keptFolder).toBe(outside);
    expect(fs.existsSync(outside)).toBe(true);
  });

  it('compares runs with a legend of what differs and picks the batch-size preset in one call', () => {
    const a = recordRun(s, base({ name: 'b8', batchSize: 8, seed: 7 }), { metrics: curves(3, 2, (e) => e / 10) });
    const b = recordRun(s, base({ name: 'b16', batchSize: 16, seed: 7 }), { metrics: curves(3, 1, (e) => e / 8) });
    const c = recordRun(s, base({ name: 'b16 512', batchSize: 16, imageSize: 512, seed: 7 }), {
      metrics: curves(3, 1, () => 0.5),
    });
    const cmp = s.experiments.compare([a, b]);
    expect(cmp.differences).toEqual([{ key: 'batchSize', label: 'batch size', values: ['8', '16'] }]);
    expect(cmp.runs.map((r) => r.label)).toEqual(['batch size 8', 'batch size 16']);
    const ap = cmp.runs[1]!.series.find((x) => x.name === 'val/AP50')!;
    expect(ap.points.map((p) => p.epoch)).toEqual([1, 2, 3]);

    const three = s.experiments.compare([a, b, c]);
    expect(three.differences.map((d) => d.key)).toEqual(['batchSize', 'imageSize']);
    expect(three.runs[2]!.label).toBe('batch size 16, image size 512 px');

    const preset = s.experiments.preset('batchSize');
    expect(preset.runIds).toEqual([a, b]);
    expect(preset.title).toBe('Compare by batch size');
    expect(() => s.experiments.preset('backbone')).toThrow(/No two runs differ only in backbone/);
    expect(() => s.experiments.compare([a, a])).toThrow(/at least two different runs/);
  });

  it('exports metrics as CSV with quoted names and one line per point', () => {
    const id = recordRun(s, base({ name: 'name, with "quotes"' }), { metrics: curves(1, 2, () => 0.25) });
    const { csv, fileName } = s.experiments.metricsCsv([id], ['val/AP50', 'train/loss']);
    expect(fileName).toBe(`runs-${id}-metrics.csv`);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('run_id,run,metric,step,epoch,value');
    expect(lines).toContain(`${id},"name, with ""quotes""",val/AP50,2,1,0.25`);
    expect(lines.length).toBe(1 + 2 + 1);
  });

  it('counts real and synthetic pages per split of a dataset', () => {
    const mix = s.experiments.datasetMix(datasetId);
    expect(mix.splits.train).toEqual({ real: 0, synthetic: 3 });
    expect(mix.splits.val).toEqual({ real: 0, synthetic: 1 });
    expect(mix.splits.test).toEqual({ real: 0, synthetic: 0 });
    expect(() => s.experiments.datasetMix(999)).toThrow();
  });

  it('estimates a run from earlier runs with the same backbone and image size', () => {
    const est = s.experiments.estimate({ datasetId, backbone: 'small', imageSize: 128, batchSize: 2, epochs: 4 });
    expect(est).not.toBeNull();
    // 3 training pages, batch 2: one full batch per epoch; 1 validation page per epoch at 2.5x speed
    expect(est).toMatchObject({ source: 'history', stepsPerEpoch: 1, totalSteps: 4, imagesPerSec: 5 });
    expect(est!.trainSeconds).toBe(Math.round((4 * 2) / 5));
    expect(est!.validateSeconds).toBe(Math.round(4 / (5 * 2.5)));
    expect(
      s.experiments.estimate({ datasetId, backbone: 'large', imageSize: 640, batchSize: 2, epochs: 1 }),
    ).toBeNull();
  });

  it('gives the lineage of a dataset run and a Train draft to duplicate it', () => {
    const id = recordRun(s, { datasetId, backbone: 'small', imageSize: 160, batchSize: 2, epochs: 2, lr: 0.001 });
    const lin = s.experiments.lineage(id);
    expect(lin.datasetName).toBe('mix');
    expect(lin.datasetHash).toBe(s.datasets.hash(datasetId));
    expect(lin.currentDatasetHash).toBe(lin.datasetHash);
    expect(lin.appVersion).toBe('0.1.0');
    expect(lin.backend).toBe('wasm');
    expect(lin.config).toMatchObject({ imageSize: 160, batchSize: 2, lr: 0.001 });
    expect(lin.sources.map((x) => x.role)).toEqual(['train', 'val']);
    expect(lin.reproducible).toBe(true);
    expect(lin.reproduceNote).toMatch(/unchanged since this run/);
    const draft = s.experiments.draft(id);
    expect(draft).toMatchObject({ datasetId, imageSize: 160, batchSize: 2, epochs: 2, lr: 0.001, note: null });
    expect(draft.name).toMatch(/\(copy\)$/);
  });

  it('offers starting weights: from scratch, the default model only when installed, and no run without a model', () => {
    const opts = s.experiments.weightOptions();
    expect(opts[0]).toMatchObject({ key: 'scratch', init: 'none', available: true });
    const def = opts.find((o) => o.key === 'default')!;
    expect(def.init).toBe('default');
    // offered only when installed; otherwise the option says so instead of failing later
    expect(def.available).toBe(fs.existsSync(path.join(process.cwd(), 'resources/models/default/model.json')));
    if (!def.available) expect(def.reason).toMatch(/not installed/);
    else {
      // its backbone and image size come from its model.json (the Train view adopts both)
      const meta = JSON.parse(
        fs.readFileSync(path.join(process.cwd(), 'resources/models/default/model.json'), 'utf8'),
      ) as { backbone: string; imageSize: number };
      expect([def.backbone, def.imageSize]).toEqual([meta.backbone, meta.imageSize]);
    }
    // recorded runs have no exported model folder, so none is offered
    expect(opts.filter((o) => o.key.startsWith('run:'))).toEqual([]);
  });
});
