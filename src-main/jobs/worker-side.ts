import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../shared/errors';
import type { WorkerMessage } from './worker-host';

export interface WorkerTools {
  progress(fraction: number, message?: string): void;
  emit(payload: unknown): void;
}

/** Entry helper for a worker file: runs `task` on the worker's input and posts the outcome. */
export function defineWorker<I, O>(task: (input: I, tools: WorkerTools) => Promise<O> | O): void {
  const port = parentPort;
  if (!port) throw new Error('defineWorker must run inside a worker thread');
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const tools: WorkerTools = {
    progress: (fraction, message) => post({ type: 'progress', fraction, message }),
    emit: (payload) => post({ type: 'event', payload }),
  };
  Promise.resolve()
    .then(() => task(workerData as I, tools))
    .then(
      (value) => post({ type: 'result', value }),
      (e: unknown) => post({ type: 'error', error: toErrorInfo(e) }),
    );
}
