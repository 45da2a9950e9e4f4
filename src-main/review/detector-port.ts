import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { defaultModelDir } from '../ml/model-folder';
import type { ModelChoiceDTO } from '../shared/contract/review';
import { AppError } from '../shared/errors';

/** One detection as the ML engine returns it, in the pixels of the image it read. */
export interface Detection {
  class: string;
  box: [number, number, number, number];
  score: number;
}

export interface DetectedPage {
  image: string;
  width: number;
  height: number;
  detections: Detection[];
}

/** The part of the ML engine's `s.inference` that review uses. */
export interface DetectorPort {
  detect(
    req: { modelDir?: string; images: string[]; threshold?: number; batchSize?: number },
    opts?: { signal?: AbortSignal; onProgress?: (fraction: number, message?: string) => void },
  ): Promise<DetectedPage[]>;
}

/** The ML engine's inference service, looked up at run time; null while this build has none. */
export function detectorOf(services: object): DetectorPort | null {
  const inf = (services as { inference?: Partial<DetectorPort> }).inference;
  return inf && typeof inf.detect === 'function' ? (inf as DetectorPort) : null;
}

export function requireDetector(services: object): DetectorPort {
  const d = detectorOf(services);
  if (!d) {
    throw new AppError(
      'NOT_IMPLEMENTED',
      'Running a detector is not available in this version yet; annotations and the PDF audit still work.',
    );
  }
  return d;
}

/** A model folder holds an exported model (model.json) or a training checkpoint (state.json). */
export function isModelDir(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'model.json')) || fs.existsSync(path.join(dir, 'state.json'));
}

interface BestRow {
  run_id: number;
  name: string;
  path: string;
  metrics: string | null;
}

/** Model folder for a key: 'default' or 'run:<id>' (that run's best checkpoint). */
export function modelDirFor(db: Database, key: string): string {
  if (key === 'default') return defaultModelDir();
  const id = Number(/^run:(\d+)$/.exec(key)?.[1]);
  const row = db
    .prepare(`SELECT path FROM checkpoints WHERE run_id = ? ORDER BY is_best DESC, step DESC LIMIT 1`)
    .get(id) as { path: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Run ${id} has no checkpoint to detect with; pick another model.`);
  return fs.existsSync(row.path) && fs.statSync(row.path).isFile() ? path.dirname(row.path) : row.path;
}

/** The default model and every run's best checkpoint, with whether their files are there. */
export function modelChoices(db: Database, detectorReady: boolean): ModelChoiceDTO[] {
  const dir = defaultModelDir();
  const noEngine = detectorReady ? null : 'Running a detector is not available in this version yet.';
  const out: ModelChoiceDTO[] = [
    {
      key: 'default',
      label: 'Default model',
      available: detectorReady && isModelDir(dir),
      reason: noEngine ?? (isModelDir(dir) ? null : 'The default model is not installed (resources/models/default).'),
    },
  ];
  const rows = db
    .prepare(
      `SELECT c.run_id, r.name, c.path, c.metrics FROM checkpoints c JOIN runs r ON r.id = c.run_id
       WHERE c.is_best = 1 AND r.archived = 0 ORDER BY c.run_id DESC`,
    )
    .all() as BestRow[];
  for (const r of rows) {
    const there = isModelDir(r.path);
    out.push({
      key: `run:${r.run_id}`,
      label: `Run ${r.run_id}: ${r.name} (best checkpoint)`,
      available: detectorReady && there,
      reason: noEngine ?? (there ? null : 'The checkpoint files are missing.'),
    });
  }
  return out;
}
