import type { Database } from 'better-sqlite3';
import type { EventBus } from '../../app/event-bus';
import type { JobContext, JobRunner } from '../../jobs/job-runner';
import type { RunDTO, RunProgressEvent } from '../../shared/contract/runs';
import type { SweepAxesDTO, SweepDTO, SweepStatus } from '../../shared/contract/sweeps';
import { AppError } from '../../shared/errors';
import type { StartRunRequest } from '../../training/run-config';
import type { TrainingService } from '../../training/training-service';
import { pageCounts } from '../estimate';
import type { ExperimentsService, RunRequest } from '../experiments-service';
import { cellLabel, expandGrid } from './grid';
import { toSweepDto } from './sweep-dto';
import { SweepsRepo, type SweepPlan } from './sweeps-repo';

export const SWEEP_JOB = 'sweep';

export interface SweepsDeps {
  db: Database;
  bus: EventBus;
  jobs: JobRunner;
  training: TrainingService;
  experiments: ExperimentsService;
  readOnly: boolean;
}

const AXIS_NAMES: Record<keyof SweepAxesDTO, string> = {
  imageSize: 'image size',
  batchSize: 'batch size',
  backbone: 'backbone',
  syntheticShare: 'synthetic share',
};

/**
 * Sweeps: a grid over image size × batch size × backbone × synthetic share whose cells train as
 * runs one after another in the 'sweeps' job lane, with a summary of their results.
 */
export class SweepsService {
  readonly repo: SweepsRepo;

  constructor(private readonly d: SweepsDeps) {
    this.repo = new SweepsRepo(d.db);
    d.jobs.register<{ sweepId: number }, { status: SweepStatus }>({
      kind: SWEEP_JOB,
      lane: 'sweeps',
      title: (p) => `Sweep ${p.sweepId}: ${this.repo.get(p.sweepId).name.replace(/^Sweep \d+: /, '')}`,
      run: (p, ctx) => this.execute(p.sweepId, ctx),
    });
  }

  /** Marks sweeps whose job died with the app as interrupted. Returns how many. */
  recoverInterrupted(): number {
    const active = this.repo.active();
    for (const s of active) this.repo.save(s.id, { status: 'interrupted' });
    return active.length;
  }

  create(req: { name?: string; base: RunRequest; axes: SweepAxesDTO }): SweepDTO {
    this.writable();
    const cells = expandGrid(req.axes);
    if ((req.axes.backbone?.length ?? 0) > 1 && req.base.init && req.base.init !== 'none')
      throw new AppError(
        'INVALID_REQUEST',
        'Starting weights from a model fix the backbone. Start from scratch to sweep over backbones.',
      );
    const counts = pageCounts(req.base, (id) => this.d.experiments.datasetMix(id));
    if (counts.real + counts.synthetic === 0)
      throw new AppError('INVALID_DATA', 'The chosen data has no training pages. Assign documents to train first.');
    const axesUsed = (Object.keys(AXIS_NAMES) as (keyof SweepAxesDTO)[]).filter((a) => req.axes[a]?.length);
    const name = req.name ?? `Sweep ${this.repo.count() + 1}: ${axesUsed.map((a) => AXIS_NAMES[a]).join(' × ')}`;
    const plan: SweepPlan = {
      base: req.base,
      axes: req.axes,
      cells: cells.map((params) => ({ params, runId: null, error: null })),
      jobId: null,
      error: null,
    };
    const id = this.repo.insert(name, plan);
    return this.queue(id);
  }

  list(): SweepDTO[] {
    return this.repo.list().map((s) => this.dto(s.id));
  }

  get(sweepId: number): SweepDTO {
    return this.dto(sweepId);
  }

  cancel(sweepId: number): SweepDTO {
    const s = this.repo.get(sweepId);
    if (s.plan.jobId) {
      const job = this.d.jobs.cancel(s.plan.jobId);
      if (job.status === 'cancelled' && (s.status === 'queued' || s.status === 'running'))
        this.repo.save(sweepId, { status: 'cancelled' });
    } else if (s.status === 'queued' || s.status === 'running') this.repo.save(sweepId, { status: 'cancelled' });
    return this.emit(sweepId);
  }

  resume(sweepId: number): SweepDTO {
    this.writable();
    const s = this.repo.get(sweepId);
    if (s.status === 'queued' || s.status === 'running')
      throw new AppError('CONFLICT', `Sweep ${sweepId} is already queued or running.`);
    if (s.status === 'completed') throw new AppError('CONFLICT', `Sweep ${sweepId} has finished every run.`);
    return this.queue(sweepId);
  }

  private queue(sweepId: number): SweepDTO {
    const s = this.repo.get(sweepId);
    const job = this.d.jobs.start(SWEEP_JOB, { sweepId });
    this.repo.save(sweepId, { status: 'queued', plan: { ...s.plan, jobId: job.id, error: null } });
    return this.emit(sweepId);
  }

  private async execute(sweepId: number, ctx: JobContext): Promise<{ status: SweepStatus }> {
    this.repo.save(sweepId, { status: 'running' });
    this.emit(sweepId);
    try {
      const status = await this.trainCells(sweepId, ctx);
      this.repo.save(sweepId, { status });
      return { status };
    } catch (e) {
      const plan = this.repo.get(sweepId).plan;
      this.repo.save(sweepId, { status: 'failed', plan: { ...plan, error: (e as Error).message } });
      throw e;
    } finally {
      this.emit(sweepId);
    }
  }

  /** Trains the cells in order; returns the sweep's status when it stops. */
  private async trainCells(sweepId: number, ctx: JobContext): Promise<SweepStatus> {
    const n = this.repo.get(sweepId).plan.cells.length;
    for (let i = 0; i < n; i++) {
      if (ctx.signal.aborted) return 'cancelled';
      const run = this.startCell(sweepId, i);
      if (!run) continue;
      await this.follow(run.id, i, n, ctx);
      const after = this.d.training.get(run.id);
      if (ctx.signal.aborted) return 'cancelled';
      if (after.status !== 'completed' && after.status !== 'failed') {
        const plan = this.repo.get(sweepId).plan;
        const error = `Run ${run.id} stopped before it finished (${after.status}). Resume the sweep to continue.`;
        this.repo.save(sweepId, { plan: { ...plan, error } });
        return 'interrupted';
      }
    }
    return 'completed';
  }

  /** Starts (or resumes) cell `i`'s run; null when the cell is done or could not start. */
  private startCell(sweepId: number, i: number): RunDTO | null {
    const s = this.repo.get(sweepId);
    const cell = s.plan.cells[i]!;
    const existing = cell.runId !== null ? this.tryGet(cell.runId) : null;
    if (existing && (existing.status === 'completed' || existing.status === 'failed')) return null;
    try {
      let run: RunDTO;
      if (existing && existing.status === 'running') run = existing;
      else if (existing && existing.resumable) run = this.d.training.resume(existing.id);
      else {
        const req = { ...s.plan.base, ...cell.params, name: `${s.name} · ${cellLabel(cell.params)}` };
        run = this.d.training.start(req as StartRunRequest);
        this.d.experiments.repo.setSweep(run.id, sweepId);
      }
      cell.runId = run.id;
      cell.error = null;
      this.repo.save(sweepId, { plan: s.plan });
      this.emit(sweepId);
      return run;
    } catch (e) {
      cell.error = (e as Error).message;
      this.repo.save(sweepId, { plan: s.plan });
      this.emit(sweepId);
      return null;
    }
  }

  /** Waits for a run, reporting its steps as job progress; cancelling the job stops the run. */
  private async follow(runId: number, i: number, n: number, ctx: JobContext): Promise<void> {
    const unsub = this.d.bus.subscribe((name, payload) => {
      if (name !== 'runs:onProgress') return;
      const p = payload as RunProgressEvent;
      if (p.runId !== runId) return;
      ctx.progress(
        (i + p.step / Math.max(1, p.totalSteps)) / n,
        `Run ${i + 1} of ${n}: step ${p.step} of ${p.totalSteps}`,
      );
    });
    const onAbort = (): void => {
      try {
        this.d.training.stop(runId);
      } catch {
        // not training in this process any more
      }
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.d.training.wait(runId);
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      unsub();
    }
  }

  private tryGet(runId: number): RunDTO | null {
    try {
      return this.d.training.get(runId);
    } catch {
      return null;
    }
  }

  private dto(sweepId: number): SweepDTO {
    const s = this.repo.get(sweepId);
    return toSweepDto(s, this.d.experiments.repo.ofSweep(sweepId));
  }

  private emit(sweepId: number): SweepDTO {
    const dto = this.dto(sweepId);
    this.d.bus.emit('sweeps:onUpdate', dto);
    return dto;
  }

  private writable(): void {
    if (this.d.readOnly) throw new AppError('READ_ONLY', 'The database is read-only, so no sweep can be recorded.');
  }
}
