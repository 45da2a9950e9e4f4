import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { JobDTO, JobStatus } from '../shared/contract/jobs';
import { AppError, toErrorInfo } from '../shared/errors';
import type { EventBus } from '../app/event-bus';
import { nowIso } from '../db/database';

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress in 0..1 with an optional message; throttled before it reaches the UI. */
  progress(fraction: number, message?: string): void;
  /** Throws an AbortError when the job was cancelled. */
  throwIfCancelled(): void;
}

export interface JobKind<P = unknown, R = unknown> {
  kind: string;
  /** Jobs of one lane run one after another; lanes run side by side. Default: 'default'. */
  lane?: string;
  title(params: P): string;
  run(params: P, ctx: JobContext): Promise<R>;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  status: JobStatus;
  progress: number;
  message: string | null;
  params: string | null;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface Live {
  controller: AbortController;
  lastEmit: number;
  startedMs: number;
  startProgress: number;
  done: Promise<void>;
}

const EMIT_INTERVAL_MS = 100;

/**
 * Runs long work (imports, generation, training) with persisted status, progress events and
 * cancellation. Handlers keep heavy computation off this thread (worker threads / child processes).
 */
export class JobRunner {
  private readonly kinds = new Map<string, JobKind<never, unknown>>();
  private readonly live = new Map<string, Live>();
  private readonly laneTails = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
  ) {}

  /** Marks jobs that were running or queued when the app died as interrupted. */
  recoverInterrupted(): number {
    const r = this.db
      .prepare(
        `UPDATE jobs SET status = 'interrupted', finished_at = ?,
           message = 'The app stopped while this job was running.'
         WHERE status IN ('running', 'queued')`,
      )
      .run(nowIso());
    return r.changes;
  }

  register<P, R>(kind: JobKind<P, R>): void {
    this.kinds.set(kind.kind, kind);
  }

  /** Queues a job and returns at once; the job starts when its lane is free. */
  start<P>(kindName: string, params: P): JobDTO {
    const kind = this.kinds.get(kindName);
    if (!kind) throw new AppError('NOT_FOUND', `There is no job of kind "${kindName}".`);
    const id = crypto.randomUUID();
    const title = (kind.title as (p: P) => string)(params);
    this.db
      .prepare(`INSERT INTO jobs (id, kind, title, status, params, created_at) VALUES (?, ?, ?, 'queued', ?, ?)`)
      .run(id, kindName, title, JSON.stringify(params ?? null), nowIso());
    const controller = new AbortController();
    const lane = kind.lane ?? 'default';
    const prev = this.laneTails.get(lane) ?? Promise.resolve();
    const entry: Live = { controller, lastEmit: 0, startedMs: 0, startProgress: 0, done: Promise.resolve() };
    entry.done = prev.then(() => this.execute(id, kind, params, entry));
    this.laneTails.set(lane, entry.done);
    this.live.set(id, entry);
    const dto = this.get(id);
    this.bus.emit('jobs:onUpdate', dto);
    return dto;
  }

  /** Resolves when the job has finished, whatever its outcome. */
  async wait(id: string): Promise<JobDTO> {
    await this.live.get(id)?.done;
    return this.get(id);
  }

  cancel(id: string): JobDTO {
    const entry = this.live.get(id);
    if (entry) entry.controller.abort();
    const row = this.row(id);
    if (row.status === 'queued') this.finish(id, 'cancelled', null, null);
    return this.get(id);
  }

  get(id: string): JobDTO {
    return this.toDto(this.row(id));
  }

  list(opts: { active?: boolean; limit?: number } = {}): JobDTO[] {
    const where = opts.active ? `WHERE status IN ('queued', 'running')` : '';
    const rows = this.db
      .prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC LIMIT ?`)
      .all(opts.limit ?? 100) as Row[];
    return rows.map((r) => this.toDto(r));
  }

  /** Cancels every live job and waits for them to settle (app shutdown). */
  async shutdown(): Promise<void> {
    for (const e of this.live.values()) e.controller.abort();
    await Promise.allSettled([...this.live.values()].map((e) => e.done));
  }

  private async execute<P>(id: string, kind: JobKind<never, unknown>, params: P, entry: Live): Promise<void> {
    if (entry.controller.signal.aborted) {
      if (this.row(id).status === 'queued') this.finish(id, 'cancelled', null, null);
      this.live.delete(id);
      return;
    }
    entry.startedMs = Date.now();
    this.db.prepare(`UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?`).run(nowIso(), id);
    this.bus.emit('jobs:onUpdate', this.get(id));
    const ctx: JobContext = {
      id,
      signal: entry.controller.signal,
      progress: (fraction, message) => this.progress(id, entry, fraction, message),
      throwIfCancelled: () => entry.controller.signal.throwIfAborted(),
    };
    try {
      const result = await (kind.run as (p: P, c: JobContext) => Promise<unknown>)(params, ctx);
      if (entry.controller.signal.aborted) this.finish(id, 'cancelled', result, null);
      else this.finish(id, 'succeeded', result, null);
    } catch (e) {
      const info = toErrorInfo(e);
      const cancelled = entry.controller.signal.aborted || info.code === 'CANCELLED';
      this.finish(id, cancelled ? 'cancelled' : 'failed', null, cancelled ? null : info);
    } finally {
      this.live.delete(id);
    }
  }

  private progress(id: string, entry: Live, fraction: number, message?: string): void {
    const p = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
    const now = Date.now();
    if (now - entry.lastEmit < EMIT_INTERVAL_MS && p < 1) {
      this.db
        .prepare(`UPDATE jobs SET progress = ?, message = COALESCE(?, message) WHERE id = ?`)
        .run(p, message ?? null, id);
      return;
    }
    entry.lastEmit = now;
    this.db
      .prepare(`UPDATE jobs SET progress = ?, message = COALESCE(?, message) WHERE id = ?`)
      .run(p, message ?? null, id);
    this.bus.emit('jobs:onUpdate', this.get(id));
  }

  private finish(
    id: string,
    status: JobStatus,
    result: unknown,
    error: { code: string; message: string } | null,
  ): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = ?, finished_at = ?, result = ?, error_code = ?, error_message = ?,
           progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END
         WHERE id = ?`,
      )
      .run(
        status,
        nowIso(),
        result === undefined ? null : JSON.stringify(result),
        error?.code ?? null,
        error?.message ?? null,
        status,
        id,
      );
    this.bus.emit('jobs:onUpdate', this.get(id));
  }

  private row(id: string): Row {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Job ${id} does not exist.`);
    return row;
  }

  private toDto(r: Row): JobDTO {
    const entry = this.live.get(r.id);
    let eta: number | null = null;
    if (entry && r.status === 'running' && r.progress > 0.02 && r.progress < 1) {
      const elapsed = (Date.now() - entry.startedMs) / 1000;
      eta = Math.round((elapsed / r.progress) * (1 - r.progress));
    }
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      status: r.status,
      progress: r.progress,
      message: r.message,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      etaSeconds: eta,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
      result: r.result ? (JSON.parse(r.result) as unknown) : null,
    };
  }
}
