import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventBus } from '../app/event-bus';
import { insideDir, type DataPaths } from '../app/paths';
import type { DatasetsService } from '../datasets/datasets-service';
import type { JobRunner } from '../jobs/job-runner';
import type {
  CompareDTO,
  ComparePreset,
  DatasetMixDTO,
  ExperimentRunDTO,
  LineageDTO,
  TrainDraftDTO,
  TrainEstimateDTO,
  WeightOptionDTO,
} from '../shared/contract/experiments';
import type { JobDTO } from '../shared/contract/jobs';
import type { RunDTO } from '../shared/contract/runs';
import { AppError } from '../shared/errors';
import { buildRunConfig, type StartRunRequest } from '../training/run-config';
import type { TrainingService } from '../training/training-service';
import { buildCompare, COMPARE_METRICS, metricsCsv, presetRuns } from './compare';
import { estimateFrom, historySpeed, pageCounts } from './estimate';
import { ExperimentsRepo } from './experiments-repo';
import { draftOf, lineageOf, reproducePlan } from './lineage';
import { measureWarmup } from './warmup';
import { weightOptions, weightsKeyOf } from './weight-options';

export interface ExperimentsDeps {
  db: Database;
  bus: EventBus;
  paths: DataPaths;
  jobs: JobRunner;
  training: TrainingService;
  datasets: DatasetsService;
  readOnly: boolean;
}

/** A start request without name and folder (what estimates and sweeps take). */
export type RunRequest = Omit<StartRunRequest, 'name' | 'outDir'>;

export const MEASURE_JOB = 'training-warmup';

/**
 * Organising training runs (names, notes, tags, archive, delete), comparing them, exporting their
 * metrics, their lineage and reproduction, and time estimates for new runs.
 */
export class ExperimentsService {
  readonly repo: ExperimentsRepo;

  constructor(private readonly d: ExperimentsDeps) {
    this.repo = new ExperimentsRepo(d.db, d.training.repo);
    d.jobs.register<{ request: RunRequest }, TrainEstimateDTO>({
      kind: MEASURE_JOB,
      lane: 'training-warmup',
      title: (p) =>
        `Measure training speed (${p.request.backbone}, ${p.request.imageSize} px, batch ${p.request.batchSize})`,
      run: (p, ctx) => this.measure(p.request, ctx.signal, (f, m) => ctx.progress(f, m)),
    });
  }

  list(includeArchived = false, limit = 500): ExperimentRunDTO[] {
    return this.repo.list(includeArchived, limit);
  }

  get(runId: number): ExperimentRunDTO {
    return this.repo.get(runId);
  }

  rename(runId: number, name: string): ExperimentRunDTO {
    return this.change(runId, () => this.repo.rename(runId, name.trim()));
  }

  annotate(runId: number, patch: { notes?: string | null; tags?: string[] }): ExperimentRunDTO {
    return this.change(runId, () => {
      if (patch.notes !== undefined) this.repo.setNotes(runId, patch.notes?.trim() ? patch.notes : null);
      if (patch.tags !== undefined) this.repo.setTags(runId, [...new Set(patch.tags.map((t) => t.trim()))]);
    });
  }

  archive(runId: number, archived: boolean): ExperimentRunDTO {
    return this.change(runId, () => this.repo.setArchived(runId, archived));
  }

  /** Deletes a run that is not training: rows, predictions, and its folder when inside the data folder. */
  delete(runId: number): { deleted: true; keptFolder: string | null } {
    this.writable();
    const run = this.repo.get(runId);
    if (run.status === 'running' || run.status === 'queued')
      throw new AppError('CONFLICT', `Run ${runId} is training. Stop it first, then delete it.`);
    this.repo.remove(runId);
    let keptFolder: string | null = null;
    if (run.outDir) {
      const rel = path.relative(this.d.paths.runs, run.outDir);
      if (rel && insideDir(this.d.paths.runs, rel)) fs.rmSync(run.outDir, { recursive: true, force: true });
      else if (fs.existsSync(run.outDir)) keptFolder = run.outDir;
    }
    this.d.bus.emit('experiments:onDeleted', { runId });
    return { deleted: true, keptFolder };
  }

  lineage(runId: number): LineageDTO {
    return lineageOf(this.d.training.repo, this.d.datasets, runId);
  }

  draft(runId: number): TrainDraftDTO {
    const d = draftOf(this.d.training.repo, this.d.datasets, runId);
    const init = this.d.training.repo.config(runId).init;
    const weights = weightsKeyOf(init, this.repo.list(true, 500));
    const lost = init && weights === 'scratch' ? ` Its starting weights (${init}) are no longer offered.` : '';
    return { ...d, weights, note: d.note || lost ? `${d.note ?? ''}${lost}`.trim() : null };
  }

  /** Starts a new run with the same config and data as `runId`. */
  reproduce(runId: number): RunDTO {
    const plan = reproducePlan(this.d.training.repo, this.d.datasets, runId);
    if (!plan.request) throw new AppError('NOT_FOUND', plan.note);
    const run = this.d.training.start(plan.request, plan.overrides);
    this.repo.setNotes(run.id, `Reproduction of run ${runId}. ${plan.note}`);
    return run;
  }

  compare(runIds: number[], names?: string[]): CompareDTO {
    const runs = [...new Set(runIds)].map((id) => this.repo.get(id));
    if (runs.length < 2) throw new AppError('INVALID_REQUEST', 'Pick at least two different runs to compare.');
    return buildCompare(runs, (id) => this.d.training.metrics(id, names ?? COMPARE_METRICS));
  }

  preset(by: ComparePreset): { runIds: number[]; title: string } {
    return presetRuns(this.repo.list(false, 5000), by);
  }

  metricsCsv(runIds: number[], names?: string[]): { fileName: string; csv: string } {
    const runs = [...new Set(runIds)].map((id) => this.repo.get(id));
    const csv = metricsCsv(runs, (id) => this.d.training.metrics(id, names));
    return { fileName: `runs-${runs.map((r) => r.id).join('-')}-metrics.csv`, csv };
  }

  /** Real and synthetic pages per split of a dataset. */
  datasetMix(datasetId: number): DatasetMixDTO {
    this.d.datasets.get(datasetId);
    const rows = this.d.db
      .prepare(
        `SELECT dd.split AS split,
           COALESCE(SUM(CASE WHEN d.synthetic = 0 THEN d.page_count END), 0) AS real,
           COALESCE(SUM(CASE WHEN d.synthetic = 1 THEN d.page_count END), 0) AS synthetic
         FROM dataset_documents dd
         JOIN documents d ON d.id = dd.document_id AND d.deleted_at IS NULL AND d.state = 'ready'
         WHERE dd.dataset_id = ? GROUP BY dd.split`,
      )
      .all(datasetId) as { split: 'train' | 'val' | 'test'; real: number; synthetic: number }[];
    const zero = { real: 0, synthetic: 0 };
    const splits = { train: { ...zero }, val: { ...zero }, test: { ...zero } };
    for (const r of rows) splits[r.split] = { real: r.real, synthetic: r.synthetic };
    return { datasetId, splits };
  }

  /** An instant estimate from earlier runs (null when none trained this model at this size). */
  estimate(req: RunRequest): TrainEstimateDTO | null {
    const h = historySpeed(this.d.db, req);
    if (!h) return null;
    const counts = pageCounts(req, (id) => this.datasetMix(id));
    const basis = `${h.imagesPerSec.toFixed(1)} images/s: the median of ${h.runs} earlier run${h.runs === 1 ? '' : 's'} with the ${req.backbone} backbone at ${req.imageSize} px${h.sameBatch ? ` and batch ${req.batchSize}` : ''}.`;
    return estimateFrom(req, counts, h.imagesPerSec, 'history', h.backend, basis);
  }

  /** Starts the warm-up job (a few timed training steps). */
  startMeasure(req: RunRequest): JobDTO {
    pageCounts(req, (id) => this.datasetMix(id)); // fails early on a missing dataset or file
    return this.d.jobs.start(MEASURE_JOB, { request: req });
  }

  private async measure(
    req: RunRequest,
    signal: AbortSignal,
    progress: (f: number, m: string) => void,
  ): Promise<TrainEstimateDTO> {
    if (this.d.training.list(1000).some((r) => r.status === 'running'))
      throw new AppError(
        'CONFLICT',
        'A run is training now, so a measurement would be too slow. Measure again when it has finished.',
      );
    const counts = pageCounts(req, (id) => this.datasetMix(id));
    const scratch = path.join(this.d.paths.tmp, `warmup-${crypto.randomUUID()}`);
    progress(0, 'Preparing the training pages');
    const { config } = buildRunConfig({ ...req }, scratch, this.d.datasets);
    const epoch = counts.real + counts.synthetic;
    const w = await measureWarmup(config, scratch, {
      imagesPerStep: Math.min(req.batchSize, Math.max(1, epoch)),
      signal,
      onProgress: progress,
    });
    const basis = `${w.imagesPerSec.toFixed(1)} images/s measured over ${w.timedSteps} training step${w.timedSteps === 1 ? '' : 's'} on ${w.backend} just now; validation assumed faster than training.`;
    return estimateFrom(req, counts, w.imagesPerSec, 'warmup', w.backend, basis);
  }

  /** Starting weights: from scratch, the default model, or a completed run's exported model. */
  weightOptions(): WeightOptionDTO[] {
    return weightOptions(this.repo.list(true, 500));
  }

  private change(runId: number, f: () => void): ExperimentRunDTO {
    this.writable();
    this.repo.get(runId);
    f();
    const dto = this.repo.get(runId);
    this.d.bus.emit('runs:onUpdate', dto);
    return dto;
  }

  private writable(): void {
    if (this.d.readOnly) throw new AppError('READ_ONLY', 'The database is read-only, so runs cannot be changed.');
  }
}
