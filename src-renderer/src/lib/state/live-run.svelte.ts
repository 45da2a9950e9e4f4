import type { CheckpointDTO, RunDTO, RunLogEvent, RunMetricEvent, RunProgressEvent } from '$shared/contract/runs';
import { api, errorMessage } from '../api';
import { FrameBatcher } from '../frame-batch';
import { SeriesStore } from '../metric-series';
import { logLinesFor, statusSentence, withoutRepeatedErrors, type LogEntry } from '../run-log';

type RunEvent =
  | { kind: 'progress'; p: RunProgressEvent }
  | { kind: 'metric'; m: RunMetricEvent }
  | { kind: 'log'; l: RunLogEvent }
  | { kind: 'update'; run: RunDTO & { checkpoints?: CheckpointDTO[] } };

/** How long without events before a running run is polled (it may train in another process: the CLI). */
const POLL_AFTER_MS = 3000;
const MAX_LOG = 400;

/**
 * One run watched live: its row, latest progress, metric series and an event log. Events are
 * batched per animation frame (at most 4 per second), so a fast run costs a few chart updates a
 * second; a run training elsewhere (the CLI) is polled instead.
 */
export class LiveRunState {
  run = $state<(RunDTO & { checkpoints?: CheckpointDTO[] }) | null>(null);
  progress = $state<RunProgressEvent | null>(null);
  /** Bumped when the series changed: charts redraw on it. */
  version = $state(0);
  log = $state<LogEntry[]>([]);
  error = $state<string | null>(null);
  readonly series = new SeriesStore();
  /** Time spent handling events on the UI thread (ms, per flush), for the responsiveness test. */
  readonly flushMs: number[] = [];
  private offs: (() => void)[] = [];
  private readonly batcher = new FrameBatcher<RunEvent>((items) => this.apply(items));
  private lastEventAt = 0;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private polling = false;

  constructor(readonly runId: number) {}

  percent = $derived.by(() => {
    const total = this.progress?.totalSteps ?? this.run?.stepsTotal ?? null;
    const done = this.progress?.step ?? this.run?.stepsDone ?? 0;
    return total ? done / total : null;
  });

  async start(): Promise<void> {
    const id = this.runId;
    this.offs.push(
      api.on('runs:onProgress', (p) => p.runId === id && this.push({ kind: 'progress', p })),
      api.on('runs:onMetric', (m) => m.runId === id && this.push({ kind: 'metric', m })),
      api.on('runs:onUpdate', (run) => run.id === id && this.push({ kind: 'update', run })),
      api.on('runs:onLog', (l) => l.runId === id && this.push({ kind: 'log', l })),
    );
    try {
      const [run, metrics] = await Promise.all([
        api.call('runs:get', { runId: id }),
        api.call('runs:metrics', { runId: id }),
      ]);
      this.run = run;
      this.series.addSeries(metrics);
      this.version++;
      this.addLog({ t: Date.now(), kind: 'status', text: statusSentence(run) });
    } catch (e) {
      this.error = errorMessage(e);
    }
    this.pollTimer = setInterval(() => void this.poll(), POLL_AFTER_MS);
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    this.batcher.dispose();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private push(e: RunEvent): void {
    this.lastEventAt = Date.now();
    this.batcher.push(e);
  }

  /** Applies a batch of events: one chart update, one log append. */
  private apply(items: RunEvent[]): void {
    const t0 = performance.now();
    let changed = false;
    const lines: LogEntry[] = [];
    for (const e of items) {
      if (e.kind === 'progress') {
        lines.push(...logLinesFor.progress(this.progress, e.p));
        this.progress = e.p;
      } else if (e.kind === 'metric') {
        if (this.series.add(e.m.points)) changed = true;
        lines.push(...logLinesFor.metrics(e.m));
      } else if (e.kind === 'log') {
        lines.push(...logLinesFor.engine(e.l));
      } else {
        lines.push(...logLinesFor.update(this.run, e.run));
        this.run = { ...this.run, ...e.run };
      }
    }
    if (changed) this.version++;
    if (lines.length) this.addLog(...lines);
    this.flushMs.push(performance.now() - t0);
    if (this.flushMs.length > 1000) this.flushMs.splice(0, 500);
  }

  private addLog(...entries: LogEntry[]): void {
    const lines = withoutRepeatedErrors(this.log, entries);
    if (lines.length === 0) return;
    const next = [...this.log, ...lines];
    this.log = next.length > MAX_LOG ? next.slice(next.length - MAX_LOG) : next;
  }

  /** Catches up on a run that trains but sends no events here (another process owns it). */
  private async poll(): Promise<void> {
    if (this.polling || this.run?.status !== 'running' || Date.now() - this.lastEventAt < POLL_AFTER_MS) return;
    this.polling = true;
    try {
      const [run, metrics] = await Promise.all([
        api.call('runs:get', { runId: this.runId }),
        api.call('runs:metrics', { runId: this.runId, sinceStep: this.series.lastStep() }),
      ]);
      const lines = logLinesFor.update(this.run, run);
      this.run = run;
      if (this.series.addSeries(metrics)) this.version++;
      if (lines.length) this.addLog(...lines);
    } catch {
      // the next poll tries again
    } finally {
      this.polling = false;
    }
  }
}
