import type { CheckpointDTO, RunDTO, RunLogEvent, RunMetricEvent, RunProgressEvent } from '$shared/contract/runs';

export interface LogEntry {
  /** Milliseconds since 1970. */
  t: number;
  kind: 'status' | 'progress' | 'metric' | 'checkpoint' | 'info' | 'warn' | 'error';
  text: string;
}

const num = (x: number | undefined, d = 3): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));

/** Every tenth of the run (and its last step) gets a progress line. */
function progressLines(prev: RunProgressEvent | null, p: RunProgressEvent): LogEntry[] {
  const t = Date.now();
  if (p.phase === 'validate' && prev?.phase !== 'validate')
    return [{ t, kind: 'progress', text: `Validating after epoch ${Math.round(p.epoch)}…` }];
  if (p.phase !== 'train') return [];
  const tenth = Math.max(1, Math.round(p.totalSteps / 10));
  const first = prev === null || prev.runId !== p.runId;
  if (!first && p.step % tenth !== 0 && p.step !== p.totalSteps) return [];
  const text = `Step ${p.step}/${p.totalSteps} · epoch ${p.epoch.toFixed(2)} · loss ${num(p.losses.total)} · ${p.imagesPerSec.toFixed(1)} images/s`;
  return [{ t, kind: 'progress', text }];
}

/** Validation results (once per epoch) become a line; per-step training points do not. */
function metricLines(m: RunMetricEvent): LogEntry[] {
  const get = (n: string) => m.points.find((p) => p.name === n);
  const ap50 = get('val/AP50');
  if (!ap50) return [];
  const text = `Epoch ${Math.round(ap50.epoch ?? 0)}: val loss ${num(get('val/loss')?.value)}, mAP ${num(get('val/AP')?.value)}, AP50 ${num(ap50.value)}`;
  return [{ t: Date.now(), kind: 'metric', text }];
}

/** A run's status as a sentence. */
export function statusSentence(run: Pick<RunDTO, 'id' | 'status' | 'backend'>): string {
  switch (run.status) {
    case 'running':
      return `Run ${run.id} is training${run.backend ? ` on ${run.backend}` : ''}.`;
    case 'queued':
      return `Run ${run.id} is waiting to start.`;
    case 'completed':
      return `Run ${run.id} completed.`;
    case 'stopped':
      return `Run ${run.id} stopped after a checkpoint; it can be resumed.`;
    case 'interrupted':
      return `Run ${run.id} was interrupted.`;
    case 'failed':
      return `Run ${run.id} failed.`;
  }
}

/** Status changes, errors and new checkpoints. */
function updateLines(
  prev: (RunDTO & { checkpoints?: CheckpointDTO[] }) | null,
  run: RunDTO & { checkpoints?: CheckpointDTO[] },
): LogEntry[] {
  const t = Date.now();
  const out: LogEntry[] = [];
  if (prev && prev.status !== run.status) out.push({ t, kind: 'status', text: statusSentence(run) });
  if (run.error && run.error !== prev?.error) out.push({ t, kind: 'error', text: run.error });
  const newest = run.checkpoints?.[0];
  if (newest && newest.id !== prev?.checkpoints?.[0]?.id)
    out.push({
      t,
      kind: 'checkpoint',
      text: `Checkpoint at step ${newest.step}${newest.isBest ? ' (best so far)' : ''}.`,
    });
  return out;
}

/** A sentence from the training engine (start, resume, rollback, out-of-memory retry, failure). */
function engineLines(l: RunLogEvent): LogEntry[] {
  const text = l.step > 0 ? `Step ${l.step}: ${l.message}` : l.message;
  return [{ t: Date.now(), kind: l.level, text }];
}

/**
 * Leaves out an error already in the log: a failure arrives both as the engine's sentence and as
 * the run's error; `recent` is the log so far, `lines` the new entries.
 */
export function withoutRepeatedErrors(recent: LogEntry[], lines: LogEntry[]): LogEntry[] {
  const bare = (e: LogEntry): string => e.text.replace(/^Step \d+: /, '');
  const seen = new Set(recent.filter((e) => e.kind === 'error').map(bare));
  return lines.filter((e) => {
    if (e.kind !== 'error') return true;
    const key = bare(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const logLinesFor = {
  progress: progressLines,
  metrics: metricLines,
  update: updateLines,
  engine: engineLines,
};
