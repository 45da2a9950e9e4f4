import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { AppError } from '../shared/errors';

/**
 * The model folder `s.inference.detect` should load for a model key: none for 'default' (the
 * engine's own default model), the best checkpoint (else the output folder) of a run for 'run:<id>'.
 */
export function modelDirFor(db: Database, modelKey: string): string | undefined {
  if (modelKey === 'default') return undefined;
  const m = /^run:(\d+)$/.exec(modelKey);
  if (!m) {
    throw new AppError(
      'INVALID_DATA',
      `Predictions for "${modelKey}" cannot be made here: choose the default model or a training run.`,
    );
  }
  const runId = Number(m[1]);
  const run = db.prepare(`SELECT out_dir FROM runs WHERE id = ?`).get(runId) as { out_dir: string | null } | undefined;
  if (!run) throw new AppError('NOT_FOUND', `Run ${runId} does not exist any more.`);
  const ckpt = db
    .prepare(`SELECT path FROM checkpoints WHERE run_id = ? ORDER BY is_best DESC, step DESC LIMIT 1`)
    .get(runId) as { path: string } | undefined;
  const dir = ckpt?.path ?? run.out_dir;
  if (!dir || !fs.existsSync(dir)) {
    throw new AppError('NOT_FOUND', `Run ${runId} has no saved model yet. Let it train until it writes a checkpoint.`);
  }
  return dir;
}
