import { readCheckpoint } from '../ml/engine/checkpoint';
import type { FromTrainer, ToTrainer } from '../ml/engine/process-protocol';
import { train } from '../ml/engine/trainer';
import { toErrorInfo } from '../shared/errors';

/**
 * The training process: a child of the app (or CLI) that owns one run. It can be stopped
 * gracefully (a checkpoint, then exit) or killed outright; either way the run resumes from its
 * last checkpoint. It exits when its owner goes away.
 */
let stopRequested = false;

function send(m: FromTrainer): void {
  process.send?.(m);
}

/** Sends the last message and closes the channel once it is delivered. */
function finish(m: FromTrainer): void {
  if (!process.send) return;
  process.send(m, () => process.disconnect());
}

async function run(m: Extract<ToTrainer, { type: 'start' }>): Promise<void> {
  const resume = m.resume ? readCheckpoint(m.resume.dir, m.resume.sha256 ?? undefined) : null;
  const outcome = await train(
    { config: m.config, outDir: m.outDir, resume, datasetHash: m.datasetHash },
    {
      started: (i) =>
        send({
          type: 'started',
          backend: i.backend,
          replicas: i.replicas,
          totalSteps: i.totalSteps,
          classes: i.classes,
        }),
      progress: (progress) => send({ type: 'progress', progress }),
      metrics: (points) => send({ type: 'metrics', points }),
      checkpoint: (checkpoint) => send({ type: 'checkpoint', checkpoint }),
      log: (entry) => send({ type: 'log', ...entry }),
      stopRequested: () => stopRequested,
    },
  );
  finish({
    type: 'done',
    status: outcome.status,
    step: outcome.state.step,
    modelDir: outcome.modelDir ?? null,
    metrics: outcome.state.metrics,
  });
}

process.on('message', (m: ToTrainer) => {
  if (m.type === 'stop') stopRequested = true;
  if (m.type === 'start') {
    run(m).catch((e: unknown) => finish({ type: 'error', error: toErrorInfo(e) }));
  }
});
process.on('disconnect', () => setTimeout(() => process.exit(0), 100).unref());
process.on('SIGTERM', () => {
  stopRequested = true;
});
