import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { openDatabase, type OpenedDatabase } from '../db/database';
import { applyPendingRestore } from '../db/backup';
import { JobRunner } from '../jobs/job-runner';
import { BackendService } from '../ml/backend-service';
import { InferenceService } from '../ml/inference-service';
import { TrainingService } from '../training/training-service';
import { EventBus } from './event-bus';
import { dataPaths, type DataPaths } from './paths';
import { SettingsStore } from './settings';
import { MediaRegistry } from './media';
import { registerCoreJobs } from '../jobs/core-jobs';
import { AnnotationsService } from '../annotations/annotations-service';
import { DatasetsService } from '../datasets/datasets-service';
import { DocumentsService } from '../documents/documents-service';
import { registerDocuments } from '../documents/register';
import { AuditService } from '../audit/audit-service';
import { ReviewService } from '../review/review-service';
import { ReportService } from '../reports/report-service';
import { registerSampleLibrary } from '../samples/sample-library';
import { SynthService } from '../synth/synth-service';
import { EvaluationService } from '../eval/evaluation-service';
import { inferenceOf } from '../eval/inference-port';
import { ExperimentsService } from '../experiments/experiments-service';
import { SweepsService } from '../experiments/sweeps/sweeps-service';

export interface ServicesOptions {
  dataDir: string;
  transport: 'electron' | 'http' | 'cli' | 'test';
  /** Mark jobs left running by a previous process as interrupted (not for short CLI commands sharing the DB). */
  recoverJobs?: boolean;
}

/** Every service of the app, built once in dependency order by `createServices`. */
export interface Services {
  transport: ServicesOptions['transport'];
  paths: DataPaths;
  database: OpenedDatabase;
  db: Database;
  bus: EventBus;
  settings: SettingsStore;
  jobs: JobRunner;
  backend: BackendService;
  media: MediaRegistry;
  annotations: AnnotationsService;
  datasets: DatasetsService;
  documents: DocumentsService;
  audit: AuditService;
  review: ReviewService;
  reports: ReportService;
  synth: SynthService;
  evaluation: EvaluationService;
  training: TrainingService;
  inference: InferenceService;
  experiments: ExperimentsService;
  sweeps: SweepsService;
  close(): Promise<void>;
}

/** The composition root shared by the Electron main process, the local server, the CLI and tests. */
export function createServices(opts: ServicesOptions): Services {
  const paths = dataPaths(opts.dataDir);
  fs.mkdirSync(paths.root, { recursive: true });
  const restored = applyPendingRestore(paths.root, paths.database, paths.backups);
  const database = openDatabase(paths.database);
  if (restored) database.message = database.message ? `${restored} ${database.message}` : restored;
  const db = database.db;
  const bus = new EventBus();
  const settings = new SettingsStore(db, bus, database.readOnly);
  const jobs = new JobRunner(db, bus);
  if (opts.recoverJobs !== false && !database.readOnly) jobs.recoverInterrupted();
  const backend = new BackendService(() => settings.get().mlBackend);
  const datasets = new DatasetsService(db, paths, bus, database.readOnly);
  const documents = new DocumentsService(db, paths, bus, settings, datasets);
  const training = new TrainingService(db, bus, paths, datasets, database.readOnly);
  if (opts.recoverJobs !== false && !database.readOnly) training.recoverInterrupted();
  const readOnly = database.readOnly;
  const experiments = new ExperimentsService({ db, bus, paths, jobs, training, datasets, readOnly });
  const sweeps = new SweepsService({ db, bus, jobs, training, experiments, readOnly });
  if (opts.recoverJobs !== false && !database.readOnly) sweeps.recoverInterrupted();

  const media = new MediaRegistry();
  const annotations = new AnnotationsService(db, bus);
  const services: Services = {
    transport: opts.transport,
    paths,
    database,
    db,
    bus,
    settings,
    jobs,
    backend,
    media,
    annotations,
    datasets,
    documents,
    audit: new AuditService(db, paths, jobs, media),
    review: new ReviewService({
      db,
      paths,
      jobs,
      annotations,
      services: () => services,
      importFolder: async (folder, o) => {
        const r = await documents.importFiles([folder], o);
        return { ids: r.documents.map((d) => d.id), errors: r.errors.length };
      },
    }),
    reports: new ReportService(db, paths, jobs, media),
    synth: new SynthService({
      db,
      paths,
      jobs,
      media,
      readOnly: database.readOnly,
      documents: () => documents,
    }),
    evaluation: new EvaluationService({ db, paths, jobs, media, inference: () => inferenceOf(services) }),
    training,
    inference: new InferenceService(() => settings.get().mlBackend),
    experiments,
    sweeps,
    async close() {
      await training.shutdown();
      await jobs.shutdown();
      await services.inference.close();
      await documents.close();
      db.close();
    },
  };
  registerCoreJobs(services);
  registerDocuments(services);
  registerSampleLibrary(services);
  return services;
}
