import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../app/atomic-file';
import { resourcesDir } from '../app/locations';
import { insideDir } from '../app/paths';
import { AppError } from '../shared/errors';
import { BACKBONES, type DetectorConfig } from './model/config';
import type { ParamSpec } from './model/params';
import { verifierSize } from './model/verifier-spec';

/** `model.json` of an exported detector: TF.js weights manifest plus Redaction Lab metadata. */
export interface ModelJson {
  format: 'redlab-detector';
  formatVersion: 1;
  /** TF.js weights manifest: weights are read in order from the concatenated paths. */
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32' }[] }[];
  classes: string[];
  imageSize: number;
  backbone: DetectorConfig['backbone'];
  /** Training configuration of the run that produced it (paths removed). */
  training: Record<string, unknown> | null;
  datasetHash: string | null;
  metrics: Record<string, number>;
  backend: string | null;
  createdAt: string;
  appVersion: string;
  /** Crop verifiers trained for this detector (`redlab train-verifier`), at most one per class. */
  verifiers?: VerifierJson[];
}

/** model.json's description of a verifier: which class it rescores, its weights file and mix. */
export interface VerifierJson {
  version: 1;
  class: string;
  weights: string;
  /** Rescored score = score^(1 - mix) * p^mix. */
  mix: number;
  metrics: Record<string, number>;
  training: Record<string, unknown>;
}

/** The model shipped with the app (resources/models/default). */
export function defaultModelDir(): string {
  return path.join(resourcesDir(), 'models', 'default');
}

/** Backbone and image size of an exported model folder, or null when there is none. */
export function modelInfo(dir: string | null): { backbone: DetectorConfig['backbone']; imageSize: number } | null {
  if (!dir) return null;
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      backbone?: string;
      imageSize?: number;
    };
    const backbone = BACKBONES.find((b) => b === m.backbone);
    return backbone && typeof m.imageSize === 'number' ? { backbone, imageSize: m.imageSize } : null;
  } catch {
    return null;
  }
}

export interface LoadedModel {
  dir: string;
  config: DetectorConfig;
  /** All parameters in manifest order. */
  weights: Float32Array;
  names: string[];
  shapes: number[][];
  meta: ModelJson;
  /** The verifiers' weights and settings (none when the folder has none). */
  verifiers: { cls: string; mix: number; weights: Float32Array }[];
}

/**
 * Writes a model folder: `weights.bin` then `model.json`, each through a temporary file and a
 * rename, so a reader never sees a half-written model.
 */
export function writeModelFolder(
  dir: string,
  specs: ParamSpec[],
  weights: Float32Array,
  meta: Omit<ModelJson, 'format' | 'formatVersion' | 'weightsManifest' | 'createdAt'>,
): void {
  fs.mkdirSync(dir, { recursive: true });
  const json: ModelJson = {
    format: 'redlab-detector',
    formatVersion: 1,
    weightsManifest: [
      { paths: ['weights.bin'], weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' })) },
    ],
    createdAt: new Date().toISOString(),
    ...meta,
  };
  replaceFile(dir, 'weights.bin', floatBytes(weights));
  replaceFile(dir, 'model.json', JSON.stringify(json, null, 2));
}

/** Writes `dir/name` through a hidden temporary file and a rename (readers see old or new, whole). */
function replaceFile(dir: string, name: string, data: string | Uint8Array): void {
  writeFileAtomicSync(path.join(dir, name), data);
}

function floatBytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The values of a weights file's bytes, copied to an aligned buffer. */
function floatsOf(buf: Buffer): Float32Array {
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return new Float32Array(copy.buffer);
}

/** The bytes of a file model.json names (`what` says which), refused when it lies outside the folder. */
function readNamedFile(dir: string, name: unknown, what: string): Buffer {
  const full = typeof name === 'string' ? insideDir(dir, name) : null;
  if (!full)
    throw new AppError(
      'FORBIDDEN',
      `The model in ${dir} points to ${what} outside its folder (${String(name)}); refused.`,
    );
  if (!fs.existsSync(full)) throw invalid(dir, `its ${what} file ${String(name)} is missing`);
  return fs.readFileSync(full);
}

function invalid(dir: string, why: string): AppError {
  return new AppError('INVALID_DATA', `${dir} is not a usable Redaction Lab model: ${why}.`);
}

/** Reads an exported model folder. Weight paths that point outside the folder are refused. */
export function readModelFolder(dir: string): LoadedModel {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `There is no model.json in ${dir}. Choose a model folder.`);
  let meta: ModelJson;
  try {
    meta = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelJson;
  } catch {
    throw invalid(dir, 'model.json is not valid JSON');
  }
  if (meta.format !== 'redlab-detector') throw invalid(dir, 'model.json is not a redlab-detector model');
  if (!BACKBONES.includes(meta.backbone)) throw invalid(dir, `unknown backbone "${String(meta.backbone)}"`);
  if (!Array.isArray(meta.classes) || meta.classes.length === 0) throw invalid(dir, 'it lists no classes');
  if (!Number.isInteger(meta.imageSize) || meta.imageSize % 32 !== 0)
    throw invalid(dir, 'its image size is not a multiple of 32');
  const groups = Array.isArray(meta.weightsManifest) ? meta.weightsManifest : [];
  const chunks: Buffer[] = [];
  const names: string[] = [];
  const shapes: number[][] = [];
  let expected = 0;
  for (const g of groups) {
    for (const p of g.paths ?? []) chunks.push(readNamedFile(dir, p, 'weights'));
    for (const w of g.weights ?? []) {
      if (w.dtype !== 'float32') throw invalid(dir, `weight ${w.name} is not float32`);
      names.push(w.name);
      shapes.push(w.shape);
      expected += w.shape.reduce((a, b) => a * b, 1);
    }
  }
  const buf = Buffer.concat(chunks);
  if (buf.length !== expected * 4)
    throw invalid(dir, `its weights hold ${buf.length / 4} values, the manifest ${expected}`);
  return {
    dir,
    config: { backbone: meta.backbone, classes: meta.classes, imageSize: meta.imageSize },
    weights: floatsOf(buf),
    names,
    shapes,
    meta,
    verifiers: (Array.isArray(meta.verifiers) ? meta.verifiers : []).map((v) => readVerifier(dir, meta, v)),
  };
}

/** A verifier a model.json names, checked against the network's size. */
function readVerifier(dir: string, meta: ModelJson, v: VerifierJson): LoadedModel['verifiers'][number] {
  if (v.version !== 1) throw invalid(dir, `its verifier has an unknown version (${String(v.version)})`);
  if (!meta.classes.includes(v.class))
    throw invalid(dir, `its verifier checks "${String(v.class)}", not a class of it`);
  if (!(v.mix >= 0 && v.mix <= 1)) throw invalid(dir, 'its verifier mix is not between 0 and 1');
  const buf = readNamedFile(dir, v.weights, 'verifier weights');
  const expected = verifierSize();
  if (buf.length !== expected * 4)
    throw invalid(dir, `its ${v.class} verifier holds ${buf.length / 4} values, not ${expected}`);
  return { cls: v.class, mix: v.mix, weights: floatsOf(buf) };
}

/**
 * Adds (or replaces) the verifier of `entry.class` in an exported model folder:
 * `verifier-CLASS.bin`, then model.json with its entry, each through a temporary file and a rename.
 */
export function writeVerifier(
  dir: string,
  weights: Float32Array,
  entry: Omit<VerifierJson, 'weights' | 'version'>,
): void {
  const file = path.join(dir, 'model.json');
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelJson;
  const name = `verifier-${entry.class.replace(/[^A-Za-z0-9_-]/g, '_')}.bin`;
  replaceFile(dir, name, floatBytes(weights));
  const others = (meta.verifiers ?? []).filter((v) => v.class !== entry.class);
  meta.verifiers = [...others, { version: 1, weights: name, ...entry }];
  replaceFile(dir, 'model.json', JSON.stringify(meta, null, 2));
}
