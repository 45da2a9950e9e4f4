import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { EvaluationService } from '../../src-main/eval/evaluation-service';
import type { DetectOptions, DetectRequest, DetectedImage, InferencePort } from '../../src-main/eval/inference-port';
import { MediaRegistry } from '../../src-main/app/media';
import { tmpDir } from '../helpers/tmp';
import { demoPages, seedPages } from './helpers/seed';

/** The real inference service with a record of what it was asked (a spy, not a stand-in). */
class Recording implements InferencePort {
  calls: DetectRequest[] = [];
  constructor(private readonly real: InferencePort) {}
  detect(req: DetectRequest, opts?: DetectOptions): Promise<DetectedImage[]> {
    this.calls.push(req);
    return this.real.detect(req, opts);
  }
}

let s: Services;
let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tmpDir();
  s = createServices({ dataDir: t.dir, transport: 'test' });
});
afterEach(async () => {
  await s.close();
  t.cleanup();
});

describe('the evaluation inference job', () => {
  it('predicts only the pages without predictions and stores their boxes, even an empty result', async () => {
    const ids = seedPages(s.db, t.dir, demoPages(), 'default');
    const engine = new Recording(s.inference);
    const ev = new EvaluationService({
      db: s.db,
      paths: s.paths,
      jobs: s.jobs,
      media: new MediaRegistry(),
      inference: () => engine,
    });
    const ds = Number(s.db.prepare(`INSERT INTO datasets (name) VALUES ('d')`).run().lastInsertRowid);
    s.db
      .prepare(`INSERT INTO dataset_documents (dataset_id, document_id, split) SELECT ?, id, 'test' FROM documents`)
      .run(ds);
    const job = ev.runInference({ modelKey: 'default', datasetId: ds, split: 'test' });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.modelDir).toBeUndefined();
    expect(engine.calls[0]!.images).toHaveLength(1);
    expect(engine.calls[0]!.images[0]).toMatch(/pages\/\d+\/3\.png$/);
    // what the default model finds on that page, asked directly, is exactly what was stored
    const [direct] = await s.inference.detect({
      images: engine.calls[0]!.images,
      threshold: engine.calls[0]!.threshold,
    });
    const expected = direct!.detections
      .map((d) => ({ class: d.class, score: d.score }))
      .sort((a, b) => b.score - a.score);
    const rows = s.db
      .prepare(`SELECT class, score FROM predictions WHERE page_id = ? ORDER BY score DESC`)
      .all(ids[3]) as { class: string; score: number }[];
    expect(rows.map((r) => r.class)).toEqual(expected.map((e) => e.class));
    for (const [i, r] of rows.entries()) expect(r.score).toBeCloseTo(expected[i]!.score, 5);
    expect(done.result).toEqual({ pages: 1, boxes: rows.length });
    const again = ev.errorAnalysis({ modelKey: 'default', datasetId: ds, split: 'test' }, { autoInfer: true });
    expect(again.pagesWithoutPredictions).toBe(0);
    expect(again.inferenceJob).toBeNull();
    expect(() => ev.runInference({ modelKey: 'default', datasetId: ds, split: 'test' })).toThrow(
      /already has predictions/,
    );
  });

  it('refuses a run that has no saved model, with a sentence, before queueing a job', () => {
    seedPages(s.db, t.dir, demoPages(), 'run:5');
    s.db.prepare(`INSERT INTO runs (id, name, config) VALUES (5, 'r', '{}')`).run();
    const ev = new EvaluationService({
      db: s.db,
      paths: s.paths,
      jobs: s.jobs,
      media: new MediaRegistry(),
      inference: () => new Recording(s.inference),
    });
    expect(() => ev.runInference({ modelKey: 'run:5' }, true)).toThrow(/has no saved model yet/);
    expect(s.jobs.list().filter((j) => j.kind === 'eval-inference')).toHaveLength(0);
  });

  it('passes the best checkpoint of a run as the model folder', async () => {
    const ids = seedPages(s.db, t.dir, demoPages(), 'run:6');
    s.db.prepare(`INSERT INTO runs (id, name, config, out_dir) VALUES (6, 'r', '{}', ?)`).run(t.dir);
    // the best checkpoint is a real model folder (the shipped one); the newer one is not
    const best = s.inference.defaultModelDir();
    s.db
      .prepare(
        `INSERT INTO checkpoints (run_id, step, path, sha256, is_best) VALUES (6, 10, ?, 'x', 1), (6, 20, ?, 'y', 0)`,
      )
      .run(best, t.dir);
    const engine = new Recording(s.inference);
    const ev = new EvaluationService({
      db: s.db,
      paths: s.paths,
      jobs: s.jobs,
      media: new MediaRegistry(),
      inference: () => engine,
    });
    const done = await s.jobs.wait(ev.runInference({ modelKey: 'run:6' }, true).id);
    expect(done.status).toBe('succeeded');
    expect(engine.calls[0]!.modelDir).toBe(best);
    expect(s.evaluation.errorAnalysis({ modelKey: 'run:6' }).pages.map((p) => p.pageId)).toEqual(ids.slice(0, 3));
  });
});
