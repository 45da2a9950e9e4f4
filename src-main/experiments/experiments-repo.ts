import type { Database } from 'better-sqlite3';
import type { ExperimentRunDTO } from '../shared/contract/experiments';
import type { RunsRepo } from '../training/runs-repo';

type RunRow = Parameters<RunsRepo['toDto']>[0];

/** A runs row with the organisation columns and a few figures joined in. */
interface ListedRow extends RunRow {
  notes: string | null;
  tags: string | null;
  archived: number;
  sweep_id: number | null;
  dataset_name: string | null;
  last_val_loss: number | null;
  images_per_sec: number | null;
}

const LIST_SQL = `
  SELECT r.*, d.name AS dataset_name,
    (SELECT value FROM run_metrics m WHERE m.run_id = r.id AND m.name = 'val/loss' ORDER BY step DESC LIMIT 1)
      AS last_val_loss,
    (SELECT value FROM run_metrics m WHERE m.run_id = r.id AND m.name = 'train/images_per_sec' ORDER BY step DESC LIMIT 1)
      AS images_per_sec
  FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id`;

/** Tags are stored as a JSON array of strings in `runs.tags`. */
export function parseTags(text: string | null): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Seconds between two ISO times (to now when the run has not finished). */
export function durationSeconds(startedAt: string | null, finishedAt: string | null, now = Date.now()): number | null {
  if (!startedAt) return null;
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return Math.max(0, Math.round((end - Date.parse(startedAt)) / 1000));
}

/** SQL for the organisation of runs: names, notes, tags, archive flag and sweep membership. */
export class ExperimentsRepo {
  constructor(
    private readonly db: Database,
    private readonly runs: RunsRepo,
  ) {}

  list(includeArchived: boolean, limit: number): ExperimentRunDTO[] {
    const rows = this.db
      .prepare(`${LIST_SQL} WHERE (? = 1 OR r.archived = 0) ORDER BY r.id DESC LIMIT ?`)
      .all(includeArchived ? 1 : 0, limit) as ListedRow[];
    return rows.map((r) => this.toDto(r));
  }

  /** Runs of a sweep, by id. */
  ofSweep(sweepId: number): Map<number, ExperimentRunDTO> {
    const rows = this.db.prepare(`${LIST_SQL} WHERE r.sweep_id = ?`).all(sweepId) as ListedRow[];
    return new Map(rows.map((r) => [r.id, this.toDto(r)]));
  }

  get(id: number): ExperimentRunDTO {
    this.runs.row(id); // NOT_FOUND with a sentence
    const row = this.db.prepare(`${LIST_SQL} WHERE r.id = ?`).get(id) as ListedRow;
    return this.toDto(row);
  }

  rename(id: number, name: string): void {
    this.db.prepare(`UPDATE runs SET name = ? WHERE id = ?`).run(name, id);
  }

  setNotes(id: number, notes: string | null): void {
    this.db.prepare(`UPDATE runs SET notes = ? WHERE id = ?`).run(notes, id);
  }

  setTags(id: number, tags: string[]): void {
    this.db.prepare(`UPDATE runs SET tags = ? WHERE id = ?`).run(tags.length ? JSON.stringify(tags) : null, id);
  }

  setArchived(id: number, archived: boolean): void {
    this.db.prepare(`UPDATE runs SET archived = ? WHERE id = ?`).run(archived ? 1 : 0, id);
  }

  setSweep(id: number, sweepId: number | null): void {
    this.db.prepare(`UPDATE runs SET sweep_id = ? WHERE id = ?`).run(sweepId, id);
  }

  /** Deletes the run's predictions and its row (metrics and checkpoints go with it). */
  remove(id: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM predictions WHERE model_key = ?`).run(`run:${id}`);
      this.db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
    })();
  }

  private toDto(r: ListedRow): ExperimentRunDTO {
    return {
      ...this.runs.toDto(r),
      notes: r.notes,
      tags: parseTags(r.tags),
      archived: r.archived === 1,
      sweepId: r.sweep_id,
      datasetName: r.dataset_name,
      durationSeconds: durationSeconds(r.started_at, r.finished_at),
      lastValLoss: r.last_val_loss,
      imagesPerSec: r.images_per_sec,
    };
  }
}
