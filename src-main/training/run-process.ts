import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { EventBus } from '../app/event-bus';
import { forkChild, TRAINER_NODE_FLAGS } from '../jobs/child-host';
import type { FromTrainer, ToTrainer } from '../ml/engine/process-protocol';
import type { TrainLogEntry } from '../ml/engine/trainer-types';
import type { RunStatus } from '../shared/contract/runs';
import type { RunsRepo } from './runs-repo';

/** Written into the run folder while a process trains it, so another app instance leaves it alone. */
export const LOCK_FILE = 'run.lock';

export interface RunLock {
  ownerPid: number;
  childPid: number | null;
}

export function readLock(outDir: string): RunLock | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, LOCK_FILE), 'utf8')) as RunLock;
  } catch {
    return null;
  }
}

export function pidAlive(pid: number | null | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A training process owned by this process, wired to the database and the event bus. */
export class LiveRun {
  readonly child: ChildProcess;
  readonly done: Promise<void>;
  private outcome: { status: RunStatus; error: string | null } | null = null;
  private lastSteps = 0;
  private lastStepsWrite = 0;

  constructor(
    readonly runId: number,
    private readonly outDir: string,
    start: Extract<ToTrainer, { type: 'start' }>,
    private readonly repo: RunsRepo,
    private readonly bus: EventBus,
    private readonly emitUpdate: () => void,
    /** Said in the run's event log once its process has started (where it resumes from...). */
    private readonly notes: TrainLogEntry[] = [],
  ) {
    fs.mkdirSync(outDir, { recursive: true });
    this.child = forkChild('train-process', { maxOldSpaceMb: 4096, nodeFlags: TRAINER_NODE_FLAGS });
    fs.writeFileSync(
      path.join(outDir, LOCK_FILE),
      JSON.stringify({ ownerPid: process.pid, childPid: this.child.pid ?? null }),
    );
    this.done = new Promise((resolve) => {
      this.child.on('message', (m: FromTrainer) => this.onMessage(m));
      this.child.on('exit', (code, signal) => {
        this.onExit(code, signal);
        resolve();
      });
    });
    this.child.send(start satisfies ToTrainer);
  }

  /** Asks the process to checkpoint and exit. */
  stop(): void {
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies ToTrainer);
  }

  private onMessage(m: FromTrainer): void {
    const id = this.runId;
    switch (m.type) {
      case 'started':
        this.repo.setStarted(id, m.backend, m.totalSteps);
        this.emitUpdate();
        this.started(m);
        break;
      case 'progress':
        this.bus.emit('runs:onProgress', { runId: id, ...m.progress });
        this.lastSteps = m.progress.step;
        if (Date.now() - this.lastStepsWrite > 1000) {
          this.repo.setSteps(id, m.progress.step);
          this.lastStepsWrite = Date.now();
        }
        break;
      case 'metrics':
        this.repo.addMetrics(id, m.points);
        this.bus.emit('runs:onMetric', { runId: id, points: m.points });
        break;
      case 'checkpoint':
        this.repo.setSteps(id, m.checkpoint.step);
        this.repo.addCheckpoint(id, m.checkpoint, m.checkpoint.pruned);
        for (const p of m.checkpoint.pruned) fs.rmSync(p, { recursive: true, force: true });
        this.emitUpdate();
        break;
      case 'log':
        this.log({ level: m.level, message: m.message, step: m.step });
        break;
      case 'done':
        this.repo.setSteps(id, m.step);
        this.outcome = { status: m.status, error: null };
        break;
      case 'error':
        this.outcome = { status: m.error.code === 'CANCELLED' ? 'stopped' : 'failed', error: m.error.message };
        break;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    fs.rmSync(path.join(this.outDir, LOCK_FILE), { force: true });
    if (this.lastSteps > 0)
      this.repo.setSteps(this.runId, Math.max(this.lastSteps, this.repo.row(this.runId).steps_done));
    const o = this.outcome ?? {
      status: 'interrupted' as const,
      error: `The training process stopped unexpectedly (${signal ?? `exit code ${code}`}). Resume the run to continue from its last checkpoint.`,
    };
    this.repo.setStatus(this.runId, o.status, o.error);
    this.emitUpdate();
    if (o.error && o.status !== 'stopped')
      this.log({ level: 'error', message: o.error, step: this.repo.row(this.runId).steps_done });
  }

  /** The backend and size of the run, then the notes of whoever launched it. */
  private started(m: Extract<FromTrainer, { type: 'started' }>): void {
    const step = this.repo.row(this.runId).steps_done;
    const threads = m.replicas === 1 ? '1 thread' : `${m.replicas} threads`;
    const from = step > 0 ? `from step ${step} ` : '';
    this.log({
      level: 'info',
      step,
      message: `Training on ${m.backend} with ${threads} ${from}to step ${m.totalSteps}.`,
    });
    for (const n of this.notes) this.log(n);
  }

  private log(entry: TrainLogEntry): void {
    this.bus.emit('runs:onLog', { runId: this.runId, ...entry });
  }
}
