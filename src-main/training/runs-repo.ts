import type { Database } from 'better-sqlite3';
import { nowIso } from '../db/database';
import type { TrainConfig } from '../ml/engine/train-config';
import type { CheckpointDTO, MetricSeriesDTO, RunDTO, RunStatus } from '../shared/contract/runs';
import { AppError } from '../shared/errors';

interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  config: string;
  dataset_id: number | null;
  dataset_hash: string | null;
  app_version: string | null;
  backend: string | null;
  out_dir: string | null;
  best_map: number | null;
  best_ap50: number | null;
  steps_done: number;
  steps_total: number | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface CheckpointRow {
  id: number;
  step: number;
  epoch: number | null;
  path: string;
  sha256: string;
  is_best: number;
  metrics: string | null;
  created_at: string;
}

/** SQL for runs, run_metrics and checkpoints (one place for the run tables). */
export class RunsRepo {
  constructor(private readonly db: Database) {}

  /** Creates a queued run row (its id names the run folder); `define` fills it in. */
  reserve(name: string, appVersion: string): number {
    const res = this.db
      .prepare(`INSERT INTO runs (name, status, config, app_version, created_at) VALUES (?, 'queued', '{}', ?, ?)`)
      .run(name, appVersion, nowIso());
    return Number(res.lastInsertRowid);
  }

  define(id: number, r: { config: TrainConfig; datasetId: number | null; datasetHash: string; outDir: string }): void {
    this.db
      .prepare(
        `UPDATE runs SET config = ?, dataset_id = ?, dataset_hash = ?, out_dir = ?, steps_total = NULL WHERE id = ?`,
      )
      .run(JSON.stringify(r.config), r.datasetId, r.datasetHash, r.outDir, id);
  }

  remove(id: number): void {
    this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
  }

  row(id: number): RunRow {
    const row = this.db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    if (!row)
      throw new AppError(
        'NOT_FOUND',
        `Run ${id} does not exist. List runs with \`redlab train --help\` or the Runs view.`,
      );
    return row;
  }

  config(id: number): TrainConfig {
    return JSON.parse(this.row(id).config) as TrainConfig;
  }

  list(limit: number): RunRow[] {
    return this.db.prepare(`SELECT * FROM runs WHERE archived = 0 ORDER BY id DESC LIMIT ?`).all(limit) as RunRow[];
  }

  /** Runs left 'running' or 'queued' (candidates for interruption recovery). */
  active(): RunRow[] {
    return this.db.prepare(`SELECT * FROM runs WHERE status IN ('running', 'queued')`).all() as RunRow[];
  }

  setStatus(id: number, status: RunStatus, error: string | null = null): void {
    const finished = status === 'running' || status === 'queued' ? null : nowIso();
    this.db
      .prepare(
        `UPDATE runs SET status = ?, error = ?, finished_at = ?,
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END
         WHERE id = ?`,
      )
      .run(status, error, finished, status, nowIso(), id);
  }

  setStarted(id: number, backend: string, stepsTotal: number): void {
    this.db.prepare(`UPDATE runs SET backend = ?, steps_total = ? WHERE id = ?`).run(backend, stepsTotal, id);
  }

  setSteps(id: number, stepsDone: number): void {
    this.db.prepare(`UPDATE runs SET steps_done = ? WHERE id = ?`).run(stepsDone, id);
  }

  /** Stores metric points; a point of the same (run, name, step) replaces the earlier one. */
  addMetrics(id: number, points: { name: string; step: number; epoch: number | null; value: number }[]): void {
    const ins = this.db.prepare(
      `INSERT INTO run_metrics (run_id, name, step, epoch, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id, name, step) DO UPDATE SET epoch = excluded.epoch, value = excluded.value`,
    );
    const best = this.db.prepare(`UPDATE runs SET best_ap50 = MAX(COALESCE(best_ap50, -1), ?) WHERE id = ?`);
    const bestMap = this.db.prepare(`UPDATE runs SET best_map = MAX(COALESCE(best_map, -1), ?) WHERE id = ?`);
    this.db.transaction(() => {
      for (const p of points) {
        if (!Number.isFinite(p.value)) continue;
        ins.run(id, p.name, p.step, p.epoch, p.value);
        if (p.name === 'val/AP50') best.run(p.value, id);
        if (p.name === 'val/AP') bestMap.run(p.value, id);
      }
    })();
  }

  metrics(id: number, names: string[] | undefined, sinceStep: number): MetricSeriesDTO[] {
    const rows = this.db
      .prepare(`SELECT name, step, epoch, value FROM run_metrics WHERE run_id = ? AND step >= ? ORDER BY name, step`)
      .all(id, sinceStep) as { name: string; step: number; epoch: number | null; value: number }[];
    const out = new Map<string, MetricSeriesDTO>();
    for (const r of rows) {
      if (names && !names.includes(r.name)) continue;
      const s = out.get(r.name) ?? { name: r.name, points: [] };
      s.points.push({ step: r.step, epoch: r.epoch, value: r.value });
      out.set(r.name, s);
    }
    return [...out.values()];
  }

  /** Records a checkpoint; the best flag moves to it when set; pruned ones are forgotten. */
  addCheckpoint(
    id: number,
    c: { step: number; epoch: number; dir: string; sha256: string; isBest: boolean; metrics: object },
    pruned: string[],
  ): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM checkpoints WHERE run_id = ? AND (step = ? OR path = ?)`).run(id, c.step, c.dir);
      if (c.isBest) this.db.prepare(`UPDATE checkpoints SET is_best = 0 WHERE run_id = ?`).run(id);
      this.db
        .prepare(
          `INSERT INTO checkpoints (run_id, step, epoch, path, sha256, is_best, metrics, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, c.step, c.epoch, c.dir, c.sha256, c.isBest ? 1 : 0, JSON.stringify(c.metrics), nowIso());
      const del = this.db.prepare(`DELETE FROM checkpoints WHERE run_id = ? AND path = ?`);
      for (const p of pruned) del.run(id, p);
    })();
  }

  checkpoints(id: number): CheckpointDTO[] {
    const rows = this.db
      .prepare(`SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC`)
      .all(id) as CheckpointRow[];
    return rows.map((r) => ({
      id: r.id,
      step: r.step,
      epoch: r.epoch,
      path: r.path,
      sha256: r.sha256,
      isBest: r.is_best === 1,
      metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, number>) : null,
      createdAt: r.created_at,
    }));
  }

  toDto(r: RunRow): RunDTO {
    const c = JSON.parse(r.config) as TrainConfig;
    const hasCheckpoint =
      (this.db.prepare(`SELECT COUNT(*) AS n FROM checkpoints WHERE run_id = ?`).get(r.id) as { n: number }).n > 0;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      settings: {
        backbone: c.backbone,
        imageSize: c.imageSize,
        batchSize: c.batchSize,
        epochs: c.epochs,
        lr: c.lr,
        weightDecay: c.weightDecay,
        schedule: c.schedule,
        seed: c.seed,
        augment: c.augment?.enabled ?? true,
        syntheticShare: c.syntheticShare,
        classes: c.classes,
        init: c.init ?? null,
      },
      datasetId: r.dataset_id,
      datasetHash: r.dataset_hash,
      backend: r.backend,
      appVersion: r.app_version,
      outDir: r.out_dir,
      stepsDone: r.steps_done,
      stepsTotal: r.steps_total,
      bestAp50: r.best_ap50 !== null && r.best_ap50 >= 0 ? r.best_ap50 : null,
      bestMap: r.best_map !== null && r.best_map >= 0 ? r.best_map : null,
      error: r.error,
      resumable: ['stopped', 'interrupted', 'failed'].includes(r.status) && (hasCheckpoint || r.steps_done === 0),
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  }
}
