import fs from 'node:fs';
import type { DatasetsService } from '../datasets/datasets-service';
import type { TrainConfig } from '../ml/engine/train-config';
import type { LineageDTO, LineageSourceDTO, TrainDraftDTO } from '../shared/contract/experiments';
import type { StartRunRequest } from '../training/run-config';
import type { RunOverrides } from '../training/training-service';
import type { RunsRepo } from '../training/runs-repo';

/** How to train a run again: the start request, engine settings beyond it, and a sentence saying how. */
export interface ReproducePlan {
  request: StartRunRequest | null;
  overrides: RunOverrides;
  note: string;
}

function datasetInfo(datasets: DatasetsService, id: number | null): { name: string | null; hash: string | null } {
  if (id === null) return { name: null, hash: null };
  try {
    return { name: datasets.get(id).name, hash: datasets.hash(id) };
  } catch {
    return { name: null, hash: null };
  }
}

function sourcesOf(cfg: TrainConfig): LineageSourceDTO[] {
  const train = (cfg.train ?? []).map((s) => ({ role: 'train' as const, ...s }));
  return cfg.val ? [...train, { role: 'val' as const, ...cfg.val }] : train;
}

const filesExist = (cfg: TrainConfig): boolean =>
  sourcesOf(cfg).every((s) => fs.existsSync(s.coco) && fs.existsSync(s.images));

/** The parts of a config a start request carries. */
function requestOf(cfg: TrainConfig): Omit<StartRunRequest, 'datasetId' | 'train' | 'val'> {
  return {
    backbone: cfg.backbone,
    imageSize: cfg.imageSize,
    batchSize: cfg.batchSize,
    epochs: cfg.epochs,
    lr: cfg.lr,
    weightDecay: cfg.weightDecay,
    schedule: cfg.schedule,
    seed: cfg.seed,
    augment: cfg.augment?.enabled ?? true,
    ...(cfg.syntheticShare !== null ? { syntheticShare: cfg.syntheticShare } : {}),
    // said explicitly: a run that started fresh must not pick up a default model installed since
    init: cfg.init ?? 'none',
  };
}

/**
 * The same data as the run had: its dataset when unchanged (same hash), else the copy of the
 * split the run wrote into its folder, else the COCO files it was given.
 */
export function reproducePlan(repo: RunsRepo, datasets: DatasetsService, runId: number): ReproducePlan {
  const row = repo.row(runId);
  const cfg = repo.config(runId);
  const base = { ...requestOf(cfg), name: `${row.name} (reproduction)` };
  const overrides: RunOverrides = {
    threads: cfg.threads,
    checkpointEverySteps: cfg.checkpointEverySteps,
    checkpointEveryMinutes: cfg.checkpointEveryMinutes,
    cacheMb: cfg.cacheMb,
    warmupSteps: cfg.warmupSteps,
    classes: cfg.classes,
  };
  const ds = datasetInfo(datasets, row.dataset_id);
  const asFiles = (): StartRunRequest => ({
    ...base,
    train: cfg.train.map((s) => ({ coco: s.coco, images: s.images, synthetic: s.source === 'synthetic' })),
    ...(cfg.val ? { val: { coco: cfg.val.coco, images: cfg.val.images } } : {}),
  });
  if (row.dataset_id !== null && ds.hash !== null && ds.hash === row.dataset_hash) {
    return {
      request: { ...base, datasetId: row.dataset_id },
      overrides,
      note: `Trains on dataset "${ds.name}", unchanged since this run (version ${ds.hash.slice(0, 12)}).`,
    };
  }
  if (cfg.train?.length && filesExist(cfg)) {
    const why =
      row.dataset_id !== null
        ? 'The dataset changed since this run, so it trains on the copy of the splits kept in the run folder.'
        : 'Trains on the same COCO files.';
    return { request: asFiles(), overrides, note: why };
  }
  return {
    request: null,
    overrides,
    note:
      row.dataset_id !== null && ds.hash
        ? `Dataset "${ds.name}" changed since this run and the run folder no longer holds its copy of the splits. Use "Duplicate and edit" to train on the dataset as it is now.`
        : 'The training files of this run are gone. Use "Duplicate and edit" to train on a dataset instead.',
  };
}

/** Full config, data version, app version and backend of a run. */
export function lineageOf(repo: RunsRepo, datasets: DatasetsService, runId: number): LineageDTO {
  const row = repo.row(runId);
  const cfg = repo.config(runId);
  const ds = datasetInfo(datasets, row.dataset_id);
  const plan = reproducePlan(repo, datasets, runId);
  return {
    runId,
    config: cfg as unknown as Record<string, unknown>,
    sources: sourcesOf(cfg),
    datasetId: row.dataset_id,
    datasetName: ds.name,
    datasetHash: row.dataset_hash,
    currentDatasetHash: ds.hash,
    appVersion: row.app_version,
    backend: row.backend,
    outDir: row.out_dir,
    reproduceNote: plan.note,
    reproducible: plan.request !== null,
  };
}

/** The Train view's form for "duplicate and edit". */
export function draftOf(repo: RunsRepo, datasets: DatasetsService, runId: number): TrainDraftDTO {
  const row = repo.row(runId);
  const cfg = repo.config(runId);
  const ds = datasetInfo(datasets, row.dataset_id);
  const r = requestOf(cfg);
  return {
    name: `${row.name} (copy)`,
    datasetId: ds.hash !== null ? row.dataset_id : null,
    backbone: r.backbone,
    imageSize: r.imageSize,
    batchSize: r.batchSize,
    epochs: r.epochs,
    lr: cfg.lr,
    weightDecay: cfg.weightDecay,
    schedule: cfg.schedule,
    seed: cfg.seed,
    augment: r.augment ?? true,
    syntheticShare: cfg.syntheticShare,
    weights: 'scratch',
    note:
      row.dataset_id === null
        ? `Run ${runId} trained on COCO files (${cfg.train.map((s) => s.coco).join(', ')}). Choose a dataset here, or use Reproduce on the run's page to train on the same files.`
        : ds.hash === null
          ? `The dataset of run ${runId} was deleted; choose another one.`
          : null,
  };
}
