import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataPaths } from '../app/paths';
import type { JobRunner } from '../jobs/job-runner';
import type { Box, BoxClass, BoxStyle } from '../shared/boxes';
import type { SynthGenerateResult, SynthSettings } from '../shared/contract/synth';
import { AppError } from '../shared/errors';
import { generateBatch } from './batch';
import type { BatchPage } from './batch-types';
import { GENERATOR_VERSION } from './constants';

/** Pages of one job are stored as documents of at most this many pages (splits are per document). */
export const PAGES_PER_DOCUMENT = 25;

/** What the documents service's `addRenderedDocument` takes (its `RenderedDocumentInput`). */
export interface RenderedDocumentInput {
  name: string;
  kind: 'synthetic';
  pages: {
    png: Buffer;
    width: number;
    height: number;
    dpi: number;
    annotations: { class: BoxClass; box: Box; style: BoxStyle | null; label: string | null }[];
  }[];
  synthSettings: unknown;
  dataset?: { name: string; split: 'train' | 'val' | 'test' };
}

/** The documents service's entry for pages rendered elsewhere. */
export interface DocumentSink {
  addRenderedDocument(
    input: RenderedDocumentInput,
  ): Promise<{ documentId: number; pageIds: number[]; existing: boolean }>;
}

export interface SynthJobParams {
  settings: SynthSettings;
  seed: number;
  count: number;
  profile?: string;
  dataset?: { name: string; split: 'train' | 'val' | 'test' };
}

/** What is stored with every synthetic document: enough to generate its pages again. */
export interface StoredSynthSettings {
  generator: number;
  profile: string | null;
  seed: number;
  first: number;
  count: number;
  settings: SynthSettings;
}

function toDocument(p: SynthJobParams, first: number, pages: BatchPage[], dir: string): RenderedDocumentInput {
  const stored: StoredSynthSettings = {
    generator: GENERATOR_VERSION,
    profile: p.profile ?? null,
    seed: p.seed,
    first,
    count: pages.length,
    settings: p.settings,
  };
  return {
    name: `Synthetic ${p.profile ?? 'custom'} · seed ${p.seed} · pages ${first + 1}–${first + pages.length}`,
    kind: 'synthetic',
    pages: pages.map((pg) => ({
      png: fs.readFileSync(path.join(dir, 'images', pg.file)),
      width: pg.width,
      height: pg.height,
      dpi: pg.meta.dpi,
      annotations: pg.annotations.map((a) => ({
        class: a.class,
        box: a.box,
        style: a.style ?? null,
        label: a.label ?? null,
      })),
    })),
    synthSettings: stored,
    ...(p.dataset ? { dataset: p.dataset } : {}),
  };
}

/** The `synth-generate` job: generate in workers, store each chunk as a synthetic document. */
export function registerSynthJob(jobs: JobRunner, paths: DataPaths, documents: () => DocumentSink | undefined): void {
  jobs.register<SynthJobParams, SynthGenerateResult>({
    kind: 'synth-generate',
    lane: 'synth',
    title: (p) =>
      `Generate ${p.count} synthetic page${p.count === 1 ? '' : 's'} (${p.profile ?? 'custom'}, seed ${p.seed})`,
    run: async (p, ctx) => {
      const sink = documents();
      if (!sink)
        throw new AppError(
          'NOT_IMPLEMENTED',
          'The library cannot store generated pages in this version; use `redlab synth --out DIR` instead.',
        );
      const result: SynthGenerateResult = { pages: 0, boxes: 0, documentIds: [], dataset: p.dataset ?? null };
      const dirs: string[] = [];
      // Generate chunk k+1 in the workers while chunk k is stored (thumbnails, database).
      const generate = (first: number): Promise<{ first: number; dir: string; pages: BatchPage[] }> => {
        const dir = path.join(paths.tmp, `synth-${crypto.randomUUID()}`);
        dirs.push(dir);
        const n = Math.min(PAGES_PER_DOCUMENT, p.count - first);
        return generateBatch({
          settings: p.settings,
          seed: p.seed,
          count: n,
          first,
          outDir: dir,
          signal: ctx.signal,
          onProgress: (done) => ctx.progress((first + done) / p.count, `Generated ${first + done} of ${p.count} pages`),
        }).then((pages) => ({ first, dir, pages }));
      };
      try {
        let next: Promise<{ first: number; dir: string; pages: BatchPage[] }> | null = generate(0);
        while (next) {
          const chunk: { first: number; dir: string; pages: BatchPage[] } = await next;
          ctx.throwIfCancelled();
          const after = chunk.first + PAGES_PER_DOCUMENT;
          next = after < p.count ? generate(after) : null;
          // a failed chunk still waiting must not be left unhandled while this one is stored
          next?.catch(() => undefined);
          const added = await sink.addRenderedDocument(toDocument(p, chunk.first, chunk.pages, chunk.dir));
          fs.rmSync(chunk.dir, { recursive: true, force: true });
          result.documentIds.push(added.documentId);
          result.pages += chunk.pages.length;
          result.boxes += chunk.pages.reduce(
            (s, pg) => s + pg.annotations.filter((a) => a.class === 'redaction').length,
            0,
          );
        }
      } finally {
        for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      }
      ctx.progress(
        1,
        `Added ${result.pages} pages in ${result.documentIds.length} document${result.documentIds.length === 1 ? '' : 's'}`,
      );
      return result;
    },
  });
}
