import type { Database } from 'better-sqlite3';
import { nowIso } from '../../db/database';
import type { SweepAxesDTO, SweepCellParams, SweepStatus } from '../../shared/contract/sweeps';
import { AppError } from '../../shared/errors';

/** A grid cell as stored: its settings, the run training it, or why it could not start. */
export interface StoredCell {
  params: SweepCellParams;
  runId: number | null;
  error: string | null;
}

/** What `sweeps.grid` holds (JSON). */
export interface SweepPlan {
  base: Record<string, unknown>;
  axes: SweepAxesDTO;
  cells: StoredCell[];
  jobId: string | null;
  error: string | null;
}

export interface SweepRecord {
  id: number;
  name: string;
  status: SweepStatus;
  plan: SweepPlan;
  createdAt: string;
}

interface Row {
  id: number;
  name: string;
  grid: string;
  status: SweepStatus;
  created_at: string;
}

const toRecord = (r: Row): SweepRecord => ({
  id: r.id,
  name: r.name,
  status: r.status,
  plan: JSON.parse(r.grid) as SweepPlan,
  createdAt: r.created_at,
});

/** SQL for the sweeps table. */
export class SweepsRepo {
  constructor(private readonly db: Database) {}

  insert(name: string, plan: SweepPlan): number {
    const res = this.db
      .prepare(`INSERT INTO sweeps (name, grid, status, created_at) VALUES (?, ?, 'queued', ?)`)
      .run(name, JSON.stringify(plan), nowIso());
    return Number(res.lastInsertRowid);
  }

  get(id: number): SweepRecord {
    const row = this.db.prepare(`SELECT * FROM sweeps WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Sweep ${id} does not exist. Open the Sweeps tab of the Runs view.`);
    return toRecord(row);
  }

  list(): SweepRecord[] {
    return (this.db.prepare(`SELECT * FROM sweeps ORDER BY id DESC`).all() as Row[]).map(toRecord);
  }

  save(id: number, patch: { status?: SweepStatus; plan?: SweepPlan }): void {
    const cur = this.get(id);
    this.db
      .prepare(`UPDATE sweeps SET status = ?, grid = ? WHERE id = ?`)
      .run(patch.status ?? cur.status, JSON.stringify(patch.plan ?? cur.plan), id);
  }

  /** Sweeps left queued or running (candidates for interruption recovery). */
  active(): SweepRecord[] {
    return (this.db.prepare(`SELECT * FROM sweeps WHERE status IN ('queued', 'running')`).all() as Row[]).map(toRecord);
  }

  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM sweeps`).get() as { n: number }).n;
  }
}
