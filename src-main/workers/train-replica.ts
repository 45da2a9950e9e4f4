import { parentPort, workerData } from 'node:worker_threads';
import { loadBackend } from '../ml/backend';
import {
  addWeightedStep,
  type PlainTargets,
  type ReplicaInit,
  type ReplicaReply,
  type ReplicaRequest,
  type StepReply,
} from '../ml/engine/replica-protocol';
import { Detector } from '../ml/model/detector';
import { disposeTargets, imagesToTensor, targetsToTensors } from '../ml/model/batch';
import { toErrorInfo } from '../shared/errors';

/**
 * One data-parallel replica of the detector in its own thread (its own wasm instance): computes
 * gradients of its share of each batch, predictions and validation losses. Weights come from the
 * coordinator's shared parameter buffer, reloaded whenever its version changes.
 */
const init = workerData as ReplicaInit;
const port = parentPort!;
let detector: Detector;
let loaded = -1;
const params = new Float32Array(init.params);

function sync(version: number): void {
  if (version === loaded) return;
  detector.params.fromFlat(params);
  detector.invalidate();
  loaded = version;
}

/** Gradient of the whole share, in micro-batches when memory is short (averaged by images). */
function step(images: Uint8Array[], targets: PlainTargets[], microBatch: number): StepReply {
  const n = images.length;
  let sum: StepReply | null = null;
  for (let i = 0; i < n; i += microBatch) {
    const j = Math.min(n, i + microBatch);
    sum = addWeightedStep(sum, detector.trainImages(images.slice(i, j), targets.slice(i, j)), (j - i) / n);
  }
  return sum!;
}

function handle(m: ReplicaRequest): ReplicaReply {
  if (m.kind === 'close') {
    detector.dispose();
    return { kind: 'closed', id: m.id };
  }
  sync(m.version);
  const size = detector.cfg.imageSize;
  if (m.kind === 'step') {
    if (m.simulateOom === 'always' || (m.simulateOom === 'batch' && m.microBatch > 1)) {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    }
    return { kind: 'step', id: m.id, result: step(m.images, m.targets, m.microBatch) };
  }
  const x = imagesToTensor(m.images, size);
  try {
    if (m.kind === 'predict') return { kind: 'predict', id: m.id, outputs: detector.predict(x) };
    const t = targetsToTensors(m.targets, detector.cfg.classes.length, detector.loc);
    try {
      return { kind: 'loss', id: m.id, losses: detector.losses(x, t) };
    } finally {
      disposeTargets(t);
    }
  } finally {
    x.dispose();
  }
}

function isOom(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.name} ${e.message}` : String(e);
  return /out of memory|Cannot enlarge memory|OOM|Aborted\(\)|allocation failed|Array buffer allocation|Maximum memory size exceeded/i.test(
    msg,
  );
}

async function main(): Promise<void> {
  const { name, report } = await loadBackend(init.backend);
  detector = new Detector(init.config);
  sync(0);
  port.postMessage({ kind: 'ready', backend: name, report } satisfies ReplicaReply);
  port.on('message', (m: ReplicaRequest) => {
    let reply: ReplicaReply;
    try {
      reply = handle(m);
    } catch (e) {
      reply = { kind: 'error', id: m.id, error: toErrorInfo(e), oom: isOom(e) };
    }
    const transfer: ArrayBuffer[] = [];
    if (reply.kind === 'step')
      transfer.push(reply.result.grads.buffer as ArrayBuffer, reply.result.bnStats.buffer as ArrayBuffer);
    if (reply.kind === 'predict') transfer.push(...reply.outputs.map((o) => o.buffer as ArrayBuffer));
    port.postMessage(reply, transfer);
    if (reply.kind === 'closed') port.close();
  });
}

main().catch((e: unknown) => {
  port.postMessage({ kind: 'error', id: -1, error: toErrorInfo(e), oom: isOom(e) } satisfies ReplicaReply);
});
