import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appRoot } from '../../app/locations';
import type { BackendName } from '../../shared/contract/app';
import { DEFAULT_ADAMW, gradNorm, newAdamWState } from '../engine/optimizer';
import { applyUpdate } from '../engine/trainer-step';
import { ReplicaPool } from '../engine/replica-pool';
import { cpuCount, paramLayout } from '../engine/trainer-setup';
import { loadBackend } from '../backend';
import { assignTargets, type GtBox } from '../model/assign';
import { forwardMacs, type BackboneSize } from '../model/config';
import { Detector } from '../model/detector';

export interface SpeedRow {
  size: number;
  batch: number;
  /** Training images per second (forward, backward and the AdamW update). */
  trainImagesPerSec: number;
  /** Inference images per second (batch norm folded). */
  inferImagesPerSec: number;
}

export interface BenchOptions {
  sizes: number[];
  batchSize: number;
  steps: number;
  backbone: BackboneSize;
  backend: BackendName | 'auto';
  /** Replica threads (default: one per core, at most 2). */
  threads?: number;
}

/** Page-like inputs: paper with dark bars, and the bars as targets. */
function pages(n: number, size: number, det: Detector) {
  const images: Uint8Array[] = [];
  const targets = [];
  for (let k = 0; k < n; k++) {
    // in shared memory, as the trainer's composed pages are (letterbox.compose)
    const img = new Uint8Array(new SharedArrayBuffer(size * size * 3)).fill(235);
    const boxes: GtBox[] = [];
    for (let b = 0; b < 6; b++) {
      const y = Math.floor(((b + 1) * size) / 8);
      const x0 = Math.floor(size * (0.1 + 0.05 * ((k + b) % 4)));
      const x1 = Math.floor(size * 0.8);
      for (let yy = y; yy < y + 6; yy++) img.fill(0, (yy * size + x0) * 3, (yy * size + x1) * 3);
      boxes.push({ box: [x0, y, x1, y + 6], cls: 0 });
    }
    images.push(img);
    const t = assignTargets(boxes, det.loc);
    targets.push({ cls: t.cls, box: t.box, numPos: t.numPos });
  }
  return { images, targets };
}

/** Median of the timed repetitions (ms). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Training and inference speed of the detector on the chosen backend, through the real
 * data-parallel replicas (the same path `redlab train` uses).
 */
export async function benchTraining(o: BenchOptions): Promise<{ backend: string; replicas: number; rows: SpeedRow[] }> {
  const rows: SpeedRow[] = [];
  let backend = '';
  let replicas = 0;
  for (const size of o.sizes) {
    const det = new Detector({
      backbone: o.backbone,
      classes: ['redaction', 'content', 'exemption_label'],
      imageSize: size,
    });
    const flat = det.initialWeights(1);
    const shared = new SharedArrayBuffer(flat.length * 4);
    new Float32Array(shared).set(flat);
    const n = o.threads ?? Math.min(2, cpuCount(), o.batchSize);
    const pool = await ReplicaPool.create(n, o.backend, det.cfg, shared);
    backend = pool.backend;
    replicas = pool.size;
    try {
      const { images, targets } = pages(o.batchSize, size, det);
      // The coordinator's work between steps as the trainer does it: the norm check, AdamW in
      // place on the shared weights and the batch-norm statistics.
      const layout = paramLayout(det);
      const weights = new Float32Array(shared);
      const opt = newAdamWState(layout.trainIndex.length);
      const train: number[] = [];
      for (let i = 0; i < o.steps + 2; i++) {
        const t0 = performance.now();
        const r = await pool.step(images, targets, o.batchSize);
        applyUpdate(weights, layout, r, opt, 1e-3, DEFAULT_ADAMW.weightDecay, gradNorm(r.grads));
        pool.version++;
        if (i >= 2) train.push(performance.now() - t0);
      }
      const infer: number[] = [];
      for (let i = 0; i < Math.max(3, Math.ceil(o.steps / 2)) + 1; i++) {
        const t0 = performance.now();
        await pool.predict(images);
        if (i >= 1) infer.push(performance.now() - t0);
      }
      rows.push({
        size,
        batch: o.batchSize,
        trainImagesPerSec: (o.batchSize * 1000) / median(train),
        inferImagesPerSec: (o.batchSize * 1000) / median(infer),
      });
    } finally {
      await pool.close();
      det.dispose();
    }
  }
  return { backend, replicas, rows };
}

/** Debian's Python with PyTorch (distinct from any pyenv python on PATH). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * The same architecture trained with PyTorch on the same cores (bench/train_torch.py), or null
 * when PyTorch is not installed (`apt-get install python3-torch`).
 */
export function benchTorch(o: BenchOptions & { threads: number }): Promise<SpeedRow[] | null> {
  const script = path.join(appRoot(), 'bench', 'train_torch.py');
  if (!fs.existsSync(SYSTEM_PYTHON) || !fs.existsSync(script)) return Promise.resolve(null);
  const args = [
    script,
    '--sizes',
    o.sizes.join(','),
    '--batch',
    String(o.batchSize),
    '--steps',
    String(o.steps),
    '--threads',
    String(o.threads),
    '--backbone',
    o.backbone,
  ];
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, args, { timeout: 30 * 60_000, maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) return resolve(null);
      const rows = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { size: number; batch: number; train_img_s: number; infer_img_s: number })
        .map((r) => ({
          size: r.size,
          batch: r.batch,
          trainImagesPerSec: r.train_img_s,
          inferImagesPerSec: r.infer_img_s,
        }));
      resolve(rows.length ? rows : null);
    });
  });
}

/** The 1-minute load average per core: how busy the machine was during a measurement. */
export function loadPerCore(): number {
  return os.loadavg()[0]! / cpuCount();
}

export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
}

export interface StepProfile {
  backend: string;
  size: number;
  batch: number;
  /** Median wall time of a training step (forward, backward, gradients read back), one thread. */
  stepMs: number;
  /** Convolution GFLOP/s of the whole step (forward + two gradients = 3x the forward). */
  gflops: number;
  /** Time per kernel over one profiled step, largest first. */
  kernels: KernelShare[];
}

/**
 * Where a training step's time goes, in this thread (no replicas): the step's median wall time
 * and `tf.profile`'s time per kernel. For deciding which kernels to speed up.
 */
export async function profileTrainStep(o: {
  size: number;
  batch: number;
  backbone: BackboneSize;
  backend: BackendName | 'auto';
  steps: number;
}): Promise<StepProfile> {
  const { tf, name } = await loadBackend(o.backend);
  const det = new Detector({
    backbone: o.backbone,
    classes: ['redaction', 'content', 'exemption_label'],
    imageSize: o.size,
  });
  try {
    det.initialise(1);
    const { images, targets } = pages(o.batch, o.size, det);
    const step = (): void => void det.trainImages(images, targets);
    step();
    const times: number[] = [];
    for (let i = 0; i < Math.max(1, o.steps); i++) {
      const t0 = performance.now();
      step();
      times.push(performance.now() - t0);
    }
    const stepMs = median(times);
    const info = await tf.profile(() => {
      step();
      return [];
    });
    const byKernel = new Map<string, KernelShare>();
    for (const k of info.kernels) {
      const e = byKernel.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
      e.calls++;
      e.ms += Number(k.kernelTimeMs) || 0;
      byKernel.set(k.name, e);
    }
    return {
      backend: name,
      size: o.size,
      batch: o.batch,
      stepMs,
      gflops: (forwardMacs(det.cfg) * 2 * 3 * o.batch) / stepMs / 1e6,
      kernels: [...byKernel.values()].sort((a, b) => b.ms - a.ms),
    };
  } finally {
    det.dispose();
  }
}
