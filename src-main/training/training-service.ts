import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../app/event-bus';
import type { DataPaths } from '../app/paths';
import { APP_VERSION } from '../app/version';
import { checkpointValid, latestValidCheckpoint, readCheckpoint } from '../ml/engine/checkpoint';
import { exportRun } from '../ml/engine/export-run';
import type { TrainConfig } from '../ml/engine/train-config';
import type { TrainLogEntry } from '../ml/engine/trainer-types';
import type { MetricSeriesDTO, RunDetailDTO, RunDTO } from '../shared/contract/runs';
import { AppError } from '../shared/errors';
import { buildRunConfig, initSizeNote, type DatasetSource, type StartRunRequest } from './run-config';
import { LiveRun, pidAlive, readLock } from './run-process';
import { RunsRepo } from './runs-repo';

/** Settings tests and the CLI may add to a run beyond the request (threads, faults, backend...). */
export type RunOverrides = Partial<
  Pick<
    TrainConfig,
    | 'threads'
    | 'checkpointEverySteps'
    | 'checkpointEveryMinutes'
    | 'backend'
    | 'faults'
    | 'cacheMb'
    | 'warmupSteps'
    | 'classes'
  >
>;

/**
 * What resuming says in the run's log: the checkpoint it continues from, and a warning when newer
 * recorded checkpoints could not be read (torn or corrupt) so it falls back to an older one.
 */
function resumeNote(records: { step: number }[], step: number | undefined): TrainLogEntry {
  const newest = Math.max(0, ...records.map((r) => r.step));
  if (step === undefined)
    return records.length
      ? {
          level: 'warn',
          step: 0,
          message: `No checkpoint of this run could be read (the newest, at step ${newest}, is torn or corrupt): training starts again from step 0.`,
        }
      : { level: 'info', step: 0, message: 'No checkpoint yet: training starts again from step 0.' };
  if (step < newest)
    return {
      level: 'warn',
      step,
      message: `The checkpoint at step ${newest} could not be read (torn or corrupt): resuming from the one at step ${step}.`,
    };
  return { level: 'info', step, message: `Resuming from the checkpoint at step ${step}.` };
}

/**
 * Training runs: each one trains in a child process owned by this one (so it can be stopped,
 * killed and resumed), with its metrics and checkpoints in the database and its progress on the
 * event bus. Runs found 'running' with no live owner become 'interrupted', with resume offered.
 */
export class TrainingService {
  readonly repo: RunsRepo;
  private readonly live = new Map<number, LiveRun>();

  constructor(
    db: Database,
    private readonly bus: EventBus,
    private readonly paths: DataPaths,
    private readonly datasets: DatasetSource | null,
    private readonly readOnly = false,
  ) {
    this.repo = new RunsRepo(db);
  }

  /** Marks runs whose training process is gone as interrupted. Returns how many. */
  recoverInterrupted(): number {
    let n = 0;
    for (const r of this.repo.active()) {
      const lock = r.out_dir ? readLock(r.out_dir) : null;
      if (lock && lock.ownerPid !== process.pid && (pidAlive(lock.ownerPid) || pidAlive(lock.childPid))) continue;
      if (this.live.has(r.id)) continue;
      this.repo.setStatus(
        r.id,
        'interrupted',
        'The app stopped while this run was training. Resume it to continue from its last checkpoint.',
      );
      n++;
    }
    return n;
  }

  /** Creates a run and starts training it; returns at once. */
  start(req: StartRunRequest, overrides: RunOverrides = {}): RunDTO {
    this.writable();
    const id = this.repo.reserve(req.name ?? `${req.backbone} ${req.imageSize}px ${req.epochs} epochs`, APP_VERSION);
    const outDir = req.outDir ? path.resolve(req.outDir) : path.join(this.paths.runs, String(id));
    const notes: TrainLogEntry[] = [];
    try {
      const { config, datasetHash } = buildRunConfig(req, outDir, this.datasets);
      const sizeNote = initSizeNote(config.init, config.imageSize);
      if (sizeNote) notes.push({ level: 'warn', step: 0, message: sizeNote });
      this.repo.define(id, {
        config: { ...config, ...overrides },
        datasetId: req.datasetId ?? null,
        datasetHash,
        outDir,
      });
    } catch (e) {
      this.repo.remove(id);
      throw e;
    }
    this.launch(id, null, notes);
    return this.get(id);
  }

  /** Continues a stopped, interrupted or failed run from its newest valid checkpoint. */
  resume(runId: number): RunDTO {
    this.writable();
    const r = this.repo.row(runId);
    if (this.live.has(runId) || r.status === 'running')
      throw new AppError('CONFLICT', `Run ${runId} is already training.`);
    if (r.status === 'completed')
      throw new AppError('CONFLICT', `Run ${runId} has completed; start a new run to train more.`);
    const records = this.repo.checkpoints(runId).map((c) => ({ path: c.path, step: c.step, sha256: c.sha256 }));
    const found = r.out_dir ? latestValidCheckpoint(path.join(r.out_dir, 'checkpoints'), records) : null;
    const sha = found ? (records.find((c) => path.resolve(c.path) === found.dir)?.sha256 ?? null) : null;
    this.repo.setSteps(runId, found ? found.data.state.step : 0);
    this.launch(runId, found ? { dir: found.dir, sha256: sha } : null, [resumeNote(records, found?.data.state.step)]);
    return this.get(runId);
  }

  private launch(id: number, resume: { dir: string; sha256: string | null } | null, notes: TrainLogEntry[] = []): void {
    const r = this.repo.row(id);
    const config = this.repo.config(id);
    this.repo.setStatus(id, 'running');
    const run = new LiveRun(
      id,
      r.out_dir!,
      { type: 'start', config, outDir: r.out_dir!, resume, datasetHash: r.dataset_hash ?? '' },
      this.repo,
      this.bus,
      () => this.bus.emit('runs:onUpdate', this.get(id)),
      notes,
    );
    this.live.set(id, run);
    void run.done.then(() => this.live.delete(id));
    this.bus.emit('runs:onUpdate', this.get(id));
  }

  /** Asks a run to checkpoint and stop. */
  stop(runId: number): RunDTO {
    const run = this.live.get(runId);
    if (!run) throw new AppError('CONFLICT', `Run ${runId} is not training in this app.`);
    run.stop();
    return this.get(runId);
  }

  /** Resolves when the run's training process has exited (now, if it is not training here). */
  async wait(runId: number): Promise<RunDTO> {
    await this.live.get(runId)?.done;
    return this.get(runId);
  }

  /** The training process id of a live run (tests kill it to prove resume). */
  pid(runId: number): number | null {
    return this.live.get(runId)?.child.pid ?? null;
  }

  list(limit = 200): RunDTO[] {
    return this.repo.list(limit).map((r) => this.repo.toDto(r));
  }

  get(runId: number): RunDetailDTO {
    return { ...this.repo.toDto(this.repo.row(runId)), checkpoints: this.repo.checkpoints(runId) };
  }

  metrics(runId: number, names?: string[], sinceStep = 0): MetricSeriesDTO[] {
    this.repo.row(runId);
    return this.repo.metrics(runId, names, sinceStep);
  }

  /**
   * Writes a model folder (model.json + weights.bin) from a run's best checkpoint, or its newest
   * valid one, at any time: to use or ship a model before (or without) the run finishing.
   */
  async exportModel(
    runId: number,
    outDir: string,
  ): Promise<{ modelDir: string; step: number; metrics: Record<string, number> }> {
    const r = this.repo.row(runId);
    const records = this.repo.checkpoints(runId);
    const best = records.find((c) => c.isBest);
    const root = path.join(r.out_dir ?? '', 'checkpoints');
    const found =
      (best && checkpointValid(best.path, best.sha256)
        ? { dir: best.path, data: readCheckpoint(best.path, best.sha256) }
        : null) ??
      latestValidCheckpoint(
        root,
        records.map((c) => ({ path: c.path, step: c.step, sha256: c.sha256 })),
      );
    if (!found)
      throw new AppError('NOT_FOUND', `Run ${runId} has no checkpoint yet; let it train until it writes one.`);
    // Loaded on demand: the detector pulls in TensorFlow.js, which the main process never needs otherwise.
    const { Detector } = await import('../ml/model/detector');
    const det = new Detector(found.data.state.detector);
    const modelDir = exportRun(path.resolve(outDir), det, det.cfg.classes, found.data.state, null, found.data);
    return { modelDir, step: found.data.state.step, metrics: found.data.state.metrics };
  }

  /** Stops every live run (they checkpoint first); kills those that do not exit in time. */
  async shutdown(timeoutMs = 30_000): Promise<void> {
    const runs = [...this.live.values()];
    for (const r of runs) r.stop();
    const timer = setTimeout(() => runs.forEach((r) => r.child.kill('SIGKILL')), timeoutMs);
    await Promise.allSettled(runs.map((r) => r.done));
    clearTimeout(timer);
  }

  private writable(): void {
    if (this.readOnly)
      throw new AppError('READ_ONLY', 'The database is read-only, so no training run can be recorded.');
  }
}
