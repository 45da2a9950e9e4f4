import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../shared/errors';
import type { WorkerMessage } from './worker-host';

export interface WorkerTools {
  progress(fraction: number, message?: string): void;
  emit(payload: unknown): void;
}

/** Runs one task on its input and posts its progress, events and outcome through `post`. */
function runTask<I, O>(
  task: (input: I, tools: WorkerTools) => Promise<O> | O,
  input: I,
  post: (m: WorkerMessage) => void,
): void {
  const tools: WorkerTools = {
    progress: (fraction, message) => post({ type: 'progress', fraction, message }),
    emit: (payload) => post({ type: 'event', payload }),
  };
  Promise.resolve()
    .then(() => task(input, tools))
    .then(
      (value) => post({ type: 'result', value }),
      (e: unknown) => post({ type: 'error', error: toErrorInfo(e) }),
    );
}

/** Entry helper for a worker file: runs `task` on the worker's input and posts the outcome. */
export function defineWorker<I, O>(task: (input: I, tools: WorkerTools) => Promise<O> | O): void {
  const port = parentPort;
  if (!port) throw new Error('defineWorker must run inside a worker thread');
  runTask(task, workerData as I, (m) => port.postMessage(m));
}

/** A request to a worker kept warm by `WarmWorkers` (see worker-host.ts). */
export interface WarmRequest {
  id: number;
  input: unknown;
}

/**
 * Entry helper for a worker that serves many tasks in turn (kept warm by `WarmWorkers`): each
 * request's progress, events and outcome are posted tagged with its id. The host sends one
 * request at a time, so the task may keep state (a loaded model) between requests.
 */
export function serveWorker<I, O>(task: (input: I, tools: WorkerTools) => Promise<O> | O): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  port.on('message', (req: WarmRequest) =>
    runTask(task, req.input as I, (m) => port.postMessage({ id: req.id, ...m })),
  );
}
