import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../app/services';
import type { JobContext } from '../jobs/job-runner';
import { runDetect } from '../review/detect-job';
import { defaultModelDir } from '../ml/model-folder';
import { detectorOf, isModelDir } from '../review/detector-port';
import { generatePage } from '../synth/generate';
import { DEFAULT_SETTINGS } from '../synth/profiles';
import { buildLeakySamplePdf } from './leaky-pdf';

export interface SampleLibraryResult {
  documentIds: number[];
  pdfDocumentId: number | null;
  /** Audit of the sample PDF, shown by the Audit view. */
  auditId: string | null;
  /** Pages the default model ran on (0 when no detector is available). */
  detectedPages: number;
  message: string;
}

const SEED = 20240601;
const GENERATED_PAGES = 4;
const PDF_NAME = 'redaction-lab-sample-leaky.pdf';

async function generatedDocument(s: Services, ctx: JobContext): Promise<number> {
  const settings = { ...DEFAULT_SETTINGS, redactedPages: 1, longSide: 1100 };
  const pages = [];
  for (let i = 0; i < GENERATED_PAGES; i++) {
    ctx.throwIfCancelled();
    const p = await generatePage(settings, SEED, i);
    pages.push({ png: p.png, width: p.width, height: p.height, dpi: p.meta.dpi });
    ctx.progress((0.3 * (i + 1)) / GENERATED_PAGES, `Generating sample page ${i + 1} of ${GENERATED_PAGES}`);
  }
  const r = await s.documents.addRenderedDocument({
    name: 'Sample: generated redacted pages',
    kind: 'synthetic',
    pages,
    synthSettings: { settings, seed: SEED, sample: true },
  });
  return r.documentId;
}

async function pdfDocument(s: Services, ctx: JobContext): Promise<number | null> {
  const dir = path.join(s.paths.tmp, 'samples');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, PDF_NAME);
  fs.writeFileSync(file, await buildLeakySamplePdf());
  const r = await s.documents.importFiles([file], {
    signal: ctx.signal,
    onProgress: (f, m) => ctx.progress(0.3 + 0.2 * f, m ?? 'Importing the sample PDF'),
  });
  return r.documents[0]?.id ?? null;
}

async function detect(s: Services, ids: number[], ctx: JobContext): Promise<number> {
  const detector = detectorOf(s);
  const dir = defaultModelDir();
  if (!detector || !isModelDir(dir)) return 0;
  const r = await runDetect({ modelKey: 'default', modelDir: dir, documentIds: ids, minScore: 0.05 }, ctx, {
    repo: s.review.repo,
    root: s.paths.root,
    detector: () => detector,
    importFolder: () => Promise.resolve({ ids: [], errors: 0 }),
  });
  return r.pages;
}

/**
 * The first-run sample library: a few pages from the synthetic generator (unlabelled, to review)
 * and a small PDF whose redactions leak, imported into the library; the default model is run
 * over them when it is installed, and the PDF is audited. Running it again adds nothing twice.
 */
export function registerSampleLibrary(s: Services): void {
  s.jobs.register<Record<string, never>, SampleLibraryResult>({
    kind: 'samples',
    lane: 'samples',
    title: () => 'Open the sample library',
    run: async (_p, ctx) => {
      ctx.progress(0, 'Generating sample pages');
      const generated = await generatedDocument(s, ctx);
      const pdf = await pdfDocument(s, ctx);
      const ids = [generated, ...(pdf ? [pdf] : [])];
      ctx.progress(0.5, 'Running the default model');
      let detectedPages = 0;
      try {
        detectedPages = await detect(s, ids, ctx);
      } catch (e) {
        ctx.progress(0.8, `The default model could not run: ${e instanceof Error ? e.message : String(e)}`);
      }
      let auditId: string | null = null;
      if (pdf) {
        ctx.progress(0.85, 'Auditing the sample PDF');
        const job = s.audit.start({ documentIds: [pdf], withDetections: true });
        const done = await s.jobs.wait(job.id);
        auditId = done.status === 'succeeded' ? (done.result as { auditId: string }).auditId : null;
      }
      const message = detectedPages
        ? `Sample library ready: ${ids.length} documents, detections on ${detectedPages} page(s).`
        : `Sample library ready: ${ids.length} documents (no detector available to run yet).`;
      return { documentIds: ids, pdfDocumentId: pdf, auditId, detectedPages, message };
    },
  });
}
