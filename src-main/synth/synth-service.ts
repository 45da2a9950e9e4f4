import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import type { MediaRegistry } from '../app/media';
import type { JobRunner } from '../jobs/job-runner';
import type { JobDTO } from '../shared/contract/jobs';
import type { DatasetRatioDTO, SynthPreviewDTO, SynthSettings } from '../shared/contract/synth';
import { generateBatch } from './batch';
import { registerSynthJob, type DocumentSink, type SynthJobParams } from './synth-job';
import { ProfileStore } from './profile-store';

const PREVIEWS_KEPT = 6;

export interface SynthServiceDeps {
  db: Database;
  paths: DataPaths;
  jobs: JobRunner;
  media: MediaRegistry;
  readOnly: boolean;
  /** The documents service (looked up late: it is built by another part of the app). */
  documents: () => DocumentSink | undefined;
}

/** Synthetic pages: profiles, the preview gallery, generation jobs into the library, dataset ratios. */
export class SynthService {
  readonly profiles: ProfileStore;

  constructor(private readonly d: SynthServiceDeps) {
    this.profiles = new ProfileStore(d.db, d.readOnly);
    registerSynthJob(d.jobs, d.paths, d.documents);
    d.media.register('synth', (seg) => this.previewFile(seg));
  }

  /** Generates `count` pages now (in workers) into a fresh preview folder served as media. */
  async preview(settings: SynthSettings, seed: number, count: number, first = 0): Promise<SynthPreviewDTO> {
    const root = path.join(this.d.paths.synth, 'preview');
    this.prunePreviews(root);
    const token = crypto.randomUUID();
    const dir = path.join(root, token);
    const pages = await generateBatch({ settings, seed, count, first, outDir: dir });
    return {
      seed,
      pages: pages.map((p) => ({
        index: p.index,
        media: `synth/preview/${token}/${p.file}`,
        width: p.width,
        height: p.height,
        layout: p.meta.layout,
        annotations: p.annotations,
      })),
    };
  }

  startGenerate(params: SynthJobParams): JobDTO {
    return this.d.jobs.start('synth-generate', params);
  }

  /** Real and synthetic page counts of every dataset (deleted documents excluded). */
  datasetRatios(): DatasetRatioDTO[] {
    const rows = this.d.db
      .prepare(
        `SELECT ds.id AS datasetId, ds.name AS name,
           COALESCE(SUM(CASE WHEN d.synthetic = 0 THEN d.page_count END), 0) AS realPages,
           COALESCE(SUM(CASE WHEN d.synthetic = 1 THEN d.page_count END), 0) AS syntheticPages
         FROM datasets ds
         LEFT JOIN dataset_documents dd ON dd.dataset_id = ds.id
         LEFT JOIN documents d ON d.id = dd.document_id AND d.deleted_at IS NULL AND d.state = 'ready'
         GROUP BY ds.id ORDER BY ds.name`,
      )
      .all() as DatasetRatioDTO[];
    return rows;
  }

  private previewFile(seg: string[]): { file: string; type: string } | null {
    const [kind, token, file] = seg;
    if (seg.length !== 3 || kind !== 'preview' || !token || !file) return null;
    if (!/^[0-9a-f-]{36}$/.test(token) || !/^\d{6}\.png$/.test(file)) return null;
    return { file: path.join(this.d.paths.synth, 'preview', token, 'images', file), type: 'image/png' };
  }

  /** Keeps the newest few preview folders. */
  private prunePreviews(root: string): void {
    if (!fs.existsSync(root)) return;
    const dirs = fs
      .readdirSync(root)
      .map((name) => ({ name, t: fs.statSync(path.join(root, name)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const old of dirs.slice(PREVIEWS_KEPT - 1))
      fs.rmSync(path.join(root, old.name), { recursive: true, force: true });
  }
}
