import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { resourcesDir } from '../../src-main/app/locations';
import { startRunSchema, type RunDTO, type RunLogEvent } from '../../src-main/shared/contract/runs';
import { initSizeNote } from '../../src-main/training/run-config';
import { tmpDir } from '../helpers/tmp';
import { drawPages, type DrawnSet } from '../ml/draw-pages';

/**
 * What a run logs first: the backend, then (these runs fine-tune the shipped model, unsaid) a
 * warning when that model was trained at another size than these runs' 128 px.
 */
const sizeNote = initSizeNote(path.join(resourcesDir(), 'models', 'default'), 128);
const STARTED = ['info 0: Training on wasm with 2 threads to step 10.', ...(sizeNote ? [`warn 0: ${sizeNote}`] : [])];

/** 8 pages, batch 4: 2 steps per epoch, 5 epochs = 10 steps, a checkpoint after every step. */
const OVERRIDES = { threads: 2, checkpointEverySteps: 1, backend: 'wasm' as const, warmupSteps: 2 };

async function until<T>(what: string, f: () => T | null | undefined, timeoutMs = 300_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function weights(dir: string): Buffer {
  return fs.readFileSync(path.join(dir, 'weights.bin'));
}

describe('training runs', () => {
  const tmp = tmpDir('redlab-runs-');
  let s: Services;
  let set: DrawnSet;
  const logs: RunLogEvent[] = [];
  /** The run's event-log lines (runs:onLog) as "level step: message". */
  const logOf = (runId: number) =>
    logs.filter((l) => l.runId === runId).map((l) => `${l.level} ${l.step}: ${l.message}`);
  const request = (out: string, extra: object = {}) =>
    startRunSchema.parse({
      train: [{ coco: set.coco, images: set.images }],
      imageSize: 128,
      batchSize: 4,
      epochs: 5,
      outDir: path.join(tmp.dir, out),
      ...extra,
    });

  beforeAll(() => {
    set = drawPages(path.join(tmp.dir, 'pages'), 8, 11);
    s = createServices({ dataDir: path.join(tmp.dir, 'data'), transport: 'test' });
    s.bus.subscribe((name, payload) => {
      if (name === 'runs:onLog') logs.push(payload as RunLogEvent);
    });
  });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  let reference: RunDTO;

  it('trains a run to completion in a child process, with metrics, checkpoints and the model recorded', async () => {
    const events: string[] = [];
    const unsub = s.bus.subscribe((name) => events.push(name));
    const started = s.training.start(request('reference'), OVERRIDES);
    expect(started.status).toBe('running');
    reference = await s.training.wait(started.id);
    unsub();
    expect(reference.status).toBe('completed');
    expect(reference.stepsDone).toBe(10);
    expect(reference.stepsTotal).toBe(10);
    expect(reference.backend).toBe('wasm');
    expect(events).toContain('runs:onProgress');
    expect(events).toContain('runs:onMetric');
    const loss = s.training.metrics(reference.id, ['train/loss'])[0]!;
    expect(loss.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const detail = s.training.get(reference.id);
    expect(detail.checkpoints.map((c) => c.step)).toEqual([10, 9]); // last two kept
    expect(detail.checkpoints.map((c) => c.isBest)).toEqual([true, false]); // no validation: the final one
    for (const c of detail.checkpoints) expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(reference.outDir!, 'model.json'))).toBe(true);
    expect(s.training.list().map((r) => r.id)).toContain(reference.id);
    expect(logOf(reference.id)).toEqual(STARTED);
  }, 600_000);

  it("exports a run's best checkpoint as a model folder", async () => {
    const out = path.join(tmp.dir, 'exported');
    const r = await s.training.exportModel(reference.id, out);
    expect(r).toMatchObject({ modelDir: out, step: 10 });
    expect(weights(out).equals(weights(reference.outDir!))).toBe(true);
    await expect(s.training.exportModel(9999, out)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resumes after SIGKILL (and a corrupt newest checkpoint) applying exactly the planned steps', async () => {
    const run = s.training.start(request('killed'), OVERRIDES);
    await until('a checkpoint at step 5', () => s.training.get(run.id).checkpoints.find((c) => c.step >= 5));
    process.kill(s.training.pid(run.id)!, 'SIGKILL');
    const killed = await s.training.wait(run.id);
    expect(killed.status).toBe('interrupted');
    expect(killed.resumable).toBe(true);
    expect(killed.error).toMatch(/SIGKILL/);

    // The newest checkpoint is torn: resume must fall back to the one before it.
    const newest = s.training.get(run.id).checkpoints[0]!;
    fs.writeFileSync(path.join(newest.path, 'weights.bin'), Buffer.alloc(10));
    const resumed = s.training.resume(run.id);
    expect(resumed.status).toBe('running');
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    expect(done.stepsDone).toBe(10);

    const loss = s.training.metrics(run.id, ['train/loss'])[0]!;
    expect(loss.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const last = s.training.get(run.id).checkpoints[0]!;
    const state = JSON.parse(fs.readFileSync(path.join(last.path, 'state.json'), 'utf8')) as {
      step: number;
      adamT: number;
    };
    expect(state).toMatchObject({ step: 10, adamT: 10 });
    // Same weights, data order and schedule: bit for bit the run that was never interrupted.
    expect(weights(done.outDir!).equals(weights(reference.outDir!))).toBe(true);
    // The event log says what happened: the kill, the fallback, where training went on from.
    const k = newest.step;
    expect(logOf(run.id)).toEqual([
      ...STARTED,
      `error ${killed.stepsDone}: The training process stopped unexpectedly (SIGKILL). Resume the run to continue from its last checkpoint.`,
      `info ${k - 1}: Training on wasm with 2 threads from step ${k - 1} to step 10.`,
      `warn ${k - 1}: The checkpoint at step ${k} could not be read (torn or corrupt): resuming from the one at step ${k - 1}.`,
    ]);
  }, 600_000);

  it('stops on request after a checkpoint and resumes to the same end', async () => {
    const run = s.training.start(request('stopped'), OVERRIDES);
    await until('step 3', () => s.training.get(run.id).checkpoints.find((c) => c.step >= 3));
    s.training.stop(run.id);
    const stopped = await s.training.wait(run.id);
    expect(stopped.status).toBe('stopped');
    expect(stopped.resumable).toBe(true);
    s.training.resume(run.id);
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    expect(weights(done.outDir!).equals(weights(reference.outDir!))).toBe(true);
    const at = stopped.stepsDone;
    expect(logOf(run.id).slice(STARTED.length)).toEqual([
      `info ${at}: Training on wasm with 2 threads from step ${at} to step 10.`,
      `info ${at}: Resuming from the checkpoint at step ${at}.`,
    ]);
  }, 600_000);

  it('rolls back to the last checkpoint with half the learning rate when the loss is NaN', async () => {
    const run = s.training.start(request('nan-once'), { ...OVERRIDES, faults: { nanAtSteps: [4] } });
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    const last = s.training.get(run.id).checkpoints[0]!;
    const state = JSON.parse(fs.readFileSync(path.join(last.path, 'state.json'), 'utf8')) as {
      lrScale: number;
      rollbacks: number;
      step: number;
    };
    expect(state).toMatchObject({ lrScale: 0.5, rollbacks: 1, step: 10 });
    // nanAtSteps counts steps done: the fifth step is the one that goes wrong.
    expect(logOf(run.id)).toContain('warn 5: Loss is NaN at step 5: back to step 4 with half the learning rate.');
  }, 600_000);

  it('fails with a clear reason when the loss stays NaN', async () => {
    const run = s.training.start(request('nan-always'), { ...OVERRIDES, faults: { nanAtSteps: [1, 2, 3, 4, 5] } });
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/loss became NaN .* learning rate/);
    const lines = logOf(run.id);
    expect(lines.slice(0, STARTED.length)).toEqual(STARTED);
    expect(lines.slice(STARTED.length).filter((l) => l.startsWith('warn'))).toHaveLength(3);
    expect(lines.at(-1)).toBe(`error ${done.stepsDone}: ${done.error}`);
  }, 600_000);

  it('retries a step with half the batch per thread when a training thread runs out of memory', async () => {
    const run = s.training.start(request('oom-once'), { ...OVERRIDES, faults: { oomAtSteps: [3] } });
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('completed');
    expect(done.stepsDone).toBe(10);
    const last = s.training.get(run.id).checkpoints[0]!;
    const state = JSON.parse(fs.readFileSync(path.join(last.path, 'state.json'), 'utf8')) as {
      microBatch: number;
      adamT: number;
    };
    expect(state).toMatchObject({ microBatch: 1, adamT: 10 });
    expect(logOf(run.id)).toContain('warn 4: Out of memory at step 4: retrying with 1 image(s) at a time.');
  }, 600_000);

  it('fails cleanly when even one image at a time does not fit in memory', async () => {
    const run = s.training.start(request('oom-always'), { ...OVERRIDES, faults: { oomAlways: true } });
    const done = await s.training.wait(run.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/ran out of memory even with one image at a time/);
  }, 600_000);

  it('marks a run left running by a dead app as interrupted, with resume offered', () => {
    const id = s.training.repo.reserve('orphan', 'test');
    const cfg = request('orphan');
    s.training.repo.define(id, {
      config: s.training.repo.config(reference.id),
      datasetId: null,
      datasetHash: 'x',
      outDir: cfg.outDir!,
    });
    s.training.repo.setStatus(id, 'running');
    expect(s.training.recoverInterrupted()).toBeGreaterThanOrEqual(1);
    const r = s.training.get(id);
    expect(r.status).toBe('interrupted');
    expect(r.resumable).toBe(true);
    expect(r.error).toMatch(/Resume/);
  });
});
