import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { EvaluationService } from '../../src-main/eval/evaluation-service';
import type { DetectRequest, DetectedImage, InferencePort } from '../../src-main/eval/inference-port';
import { MediaRegistry } from '../../src-main/app/media';
import { tmpDir } from '../helpers/tmp';
import { demoPages, seedPages } from './helpers/seed';

/**
 * Stands in for the ML engine's `s.inference` (not built yet) with its documented shape: it "detects"
 * one box per page and records what it was asked.
 */
class FakeEngine implements InferencePort {
  calls: DetectRequest[] = [];
  detect(req: DetectRequest, opts?: { onProgress?: (f: number) => void }): Promise<DetectedImage[]> {
    this.calls.push(req);
    opts?.onProgress?.(1);
    return Promise.resolve(
      req.images.map((image) => ({
        image,
        width: 600,
        height: 800,
        detections: [
          { class: 'redaction', box: [10, 10, 60, 30], score: 0.8 },
          { class: 'not_a_class', box: [0, 0, 5, 5], score: 0.9 },
        ],
      })),
    );
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
    const engine = new FakeEngine();
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
    expect(done.result).toEqual({ pages: 1, boxes: 1 });
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.modelDir).toBeUndefined();
    expect(engine.calls[0]!.images[0]).toMatch(/pages\/\d+\/3\.png$/);
    const rows = s.db.prepare(`SELECT page_id, class, score FROM predictions WHERE page_id = ?`).all(ids[3]);
    expect(rows).toEqual([{ page_id: ids[3], class: 'redaction', score: 0.8 }]);
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
      inference: () => new FakeEngine(),
    });
    expect(() => ev.runInference({ modelKey: 'run:5' }, true)).toThrow(/has no saved model yet/);
    expect(s.jobs.list().filter((j) => j.kind === 'eval-inference')).toHaveLength(0);
  });

  it('passes the best checkpoint of a run as the model folder', async () => {
    const ids = seedPages(s.db, t.dir, demoPages(), 'run:6');
    s.db.prepare(`INSERT INTO runs (id, name, config, out_dir) VALUES (6, 'r', '{}', ?)`).run(t.dir);
    s.db
      .prepare(
        `INSERT INTO checkpoints (run_id, step, path, sha256, is_best) VALUES (6, 10, ?, 'x', 1), (6, 20, ?, 'y', 0)`,
      )
      .run(`${t.dir}/pages`, t.dir);
    const engine = new FakeEngine();
    const ev = new EvaluationService({
      db: s.db,
      paths: s.paths,
      jobs: s.jobs,
      media: new MediaRegistry(),
      inference: () => engine,
    });
    const done = await s.jobs.wait(ev.runInference({ modelKey: 'run:6' }, true).id);
    expect(done.status).toBe('succeeded');
    expect(engine.calls[0]!.modelDir).toBe(`${t.dir}/pages`);
    expect(s.evaluation.errorAnalysis({ modelKey: 'run:6' }).pages.map((p) => p.pageId)).toEqual(ids.slice(0, 3));
  });
});
