import path from 'node:path';
import { createServices, type Services } from '../../src-main/app/services';
import { buildRunConfig } from '../../src-main/training/run-config';
import { builtInProfile } from '../../src-main/synth/profiles';
import { writeCocoSet } from '../../src-main/synth/batch';
import { startRunSchema, type RunStatus } from '../../src-main/shared/contract/runs';

/** Settings of the built-in default profile at a small page size (fast to render and train on). */
export function smallPages(longSide = 320): NonNullable<ReturnType<typeof builtInProfile>>['settings'] {
  return { ...builtInProfile('default')!.settings, longSide };
}

/** A small synthetic COCO set on disk: DIR/annotations.json and DIR/images/. */
export async function cocoSet(dir: string, count: number, seed: number): Promise<{ coco: string; images: string }> {
  const r = await writeCocoSet({ settings: smallPages(), seed, count, outDir: dir, workers: 1 });
  return { coco: r.file, images: path.join(dir, 'images') };
}

/** Synthetic pages generated into a dataset split through the synth service (flagged synthetic). */
export async function synthIntoDataset(s: Services, name: string, split: 'train' | 'val', count: number, seed: number) {
  const job = s.synth.startGenerate({ settings: smallPages(), seed, count, dataset: { name, split } });
  const done = await s.jobs.wait(job.id);
  if (done.status !== 'succeeded') throw new Error(`synth job ${done.status}: ${done.error?.message}`);
  return s.datasets.byName(name)!.id;
}

export function services(dataDir: string): Services {
  return createServices({ dataDir, transport: 'test' });
}

/**
 * A run recorded through the training repository without training it (for organisation and
 * comparison tests): its config from a real start request, a status and metric points.
 */
export function recordRun(
  s: Services,
  req: Record<string, unknown>,
  opts: { status?: RunStatus; metrics?: { name: string; step: number; epoch: number; value: number }[] } = {},
): number {
  const parsed = startRunSchema.parse(req);
  const id = s.training.repo.reserve(parsed.name ?? 'recorded run', '0.1.0');
  const outDir = parsed.outDir ?? path.join(s.paths.runs, String(id));
  const { config, datasetHash } = buildRunConfig(parsed, outDir, s.datasets);
  s.training.repo.define(id, { config, datasetId: parsed.datasetId ?? null, datasetHash, outDir });
  s.training.repo.setStatus(id, 'running');
  s.training.repo.setStarted(id, 'wasm', 10);
  if (opts.metrics) s.training.repo.addMetrics(id, opts.metrics);
  const last = opts.metrics?.reduce((m, p) => Math.max(m, p.step), 0) ?? 0;
  s.training.repo.setSteps(id, last);
  s.training.repo.setStatus(id, opts.status ?? 'completed');
  return id;
}

/** Per-epoch validation points and per-step training loss of a recorded run. */
export function curves(epochs: number, stepsPerEpoch: number, ap50: (e: number) => number) {
  const pts: { name: string; step: number; epoch: number; value: number }[] = [];
  for (let step = 1; step <= epochs * stepsPerEpoch; step++)
    pts.push({ name: 'train/loss', step, epoch: step / stepsPerEpoch, value: 3 / step });
  for (let e = 1; e <= epochs; e++) {
    const step = e * stepsPerEpoch;
    pts.push({ name: 'val/AP50', step, epoch: e, value: ap50(e) });
    pts.push({ name: 'val/AP', step, epoch: e, value: ap50(e) / 2 });
    pts.push({ name: 'val/loss', step, epoch: e, value: 2 / e });
    pts.push({ name: 'train/images_per_sec', step, epoch: e, value: 5 });
  }
  return pts;
}
