import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DetectorConfig } from '../model/config';
import type { TrainConfig } from './train-config';

/** Progress and optimiser scalars of a run: with the weights, all a resume needs. */
export interface TrainState {
  version: 1;
  /** Optimiser steps applied so far (the next step to run has this index). */
  step: number;
  totalSteps: number;
  epoch: number;
  /** Adam's update count (bias correction); equals `step` unless a rollback happened. */
  adamT: number;
  /** Learning-rate multiplier after NaN rollbacks (1 at start). */
  lrScale: number;
  rollbacks: number;
  /** Micro-batch size after out-of-memory retries (batch size at start). */
  microBatch: number;
  best: { metric: string; value: number; step: number } | null;
  detector: DetectorConfig;
  config: TrainConfig;
  backend: string;
  datasetHash: string;
  /** Latest validation metrics (for export). */
  metrics: Record<string, number>;
}

export interface CheckpointData {
  state: TrainState;
  /** All parameters, flat in spec order. */
  weights: Float32Array;
  /** Adam moments over the trainable parameters. */
  m: Float32Array;
  v: Float32Array;
}

const FILES = ['weights.bin', 'optim.bin', 'state.json'] as const;

export function sha256(buf: Uint8Array | string): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function writeSynced(file: string, data: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The folder of the checkpoint taken after `step` optimiser steps. */
export function checkpointDir(root: string, step: number): string {
  return path.join(root, `step-${String(step).padStart(7, '0')}`);
}

/**
 * Writes a checkpoint atomically: every file into a temporary folder (fsynced), then one rename.
 * A crash leaves either the old state or the complete new one, never a torn checkpoint.
 * @returns the folder and the sha256 of its manifest (stored in the database)
 */
export function writeCheckpoint(root: string, data: CheckpointData): { dir: string; sha256: string } {
  fs.mkdirSync(root, { recursive: true });
  const dir = checkpointDir(root, data.state.step);
  const tmp = path.join(root, `.tmp-${data.state.step}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(tmp);
  const optim = new Float32Array(data.m.length + data.v.length);
  optim.set(data.m);
  optim.set(data.v, data.m.length);
  const contents: Record<(typeof FILES)[number], Uint8Array | string> = {
    'weights.bin': bytes(data.weights),
    'optim.bin': bytes(optim),
    'state.json': JSON.stringify(data.state),
  };
  const manifest: Record<string, string> = {};
  for (const f of FILES) {
    writeSynced(path.join(tmp, f), contents[f]);
    manifest[f] = sha256(contents[f]);
  }
  const manifestText = JSON.stringify({ files: manifest });
  writeSynced(path.join(tmp, 'manifest.json'), manifestText);
  if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return { dir, sha256: sha256(manifestText) };
}

/**
 * Reads and verifies a checkpoint: every file against the manifest, and the manifest against
 * `expectedSha` when given (the database's record). Throws on any mismatch.
 */
export function readCheckpoint(dir: string, expectedSha?: string): CheckpointData {
  const manifestText = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  if (expectedSha && sha256(manifestText) !== expectedSha)
    throw new Error(`Checkpoint ${dir} does not match its record.`);
  const manifest = JSON.parse(manifestText) as { files: Record<string, string> };
  const read: Record<string, Buffer> = {};
  for (const f of FILES) {
    const buf = fs.readFileSync(path.join(dir, f));
    if (sha256(buf) !== manifest.files[f]) throw new Error(`Checkpoint file ${f} in ${dir} is corrupt.`);
    read[f] = buf;
  }
  const floats = (b: Buffer): Float32Array => {
    const copy = new Uint8Array(b.length);
    copy.set(b);
    return new Float32Array(copy.buffer);
  };
  const state = JSON.parse(read['state.json']!.toString('utf8')) as TrainState;
  const optim = floats(read['optim.bin']!);
  const half = optim.length / 2;
  return { state, weights: floats(read['weights.bin']!), m: optim.slice(0, half), v: optim.slice(half) };
}

/** Verifies a checkpoint without keeping its data. */
export function checkpointValid(dir: string, expectedSha?: string): boolean {
  try {
    readCheckpoint(dir, expectedSha);
    return true;
  } catch {
    return false;
  }
}

/** Checkpoint folders under `root`, newest step first (temporary folders excluded). */
export function listCheckpoints(root: string): { dir: string; step: number }[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ dir: path.join(root, m[0]), step: Number(m[1]) }))
    .sort((a, b) => b.step - a.step);
}

/** Removes leftovers of interrupted writes. */
export function removeTempCheckpoints(root: string): void {
  if (!fs.existsSync(root)) return;
  for (const n of fs.readdirSync(root))
    if (n.startsWith('.tmp-')) fs.rmSync(path.join(root, n), { recursive: true, force: true });
}

/**
 * The newest checkpoint that verifies: candidates from the database (checked against their
 * recorded sha256) and from the folder (checked against their own manifest), newest first.
 * A torn or corrupt checkpoint is skipped in favour of the previous one.
 */
export function latestValidCheckpoint(
  root: string,
  records: { path: string; step: number; sha256: string }[],
): { dir: string; data: CheckpointData } | null {
  const known = new Map(records.map((r) => [path.resolve(r.path), r.sha256]));
  const candidates = new Map<string, number>();
  for (const r of records) candidates.set(path.resolve(r.path), r.step);
  for (const c of listCheckpoints(root)) candidates.set(path.resolve(c.dir), c.step);
  const ordered = [...candidates.entries()].sort((a, b) => b[1] - a[1]);
  for (const [dir] of ordered) {
    try {
      return { dir, data: readCheckpoint(dir, known.get(dir)) };
    } catch {
      // Torn, corrupt or missing: fall back to the previous one.
    }
  }
  return null;
}
