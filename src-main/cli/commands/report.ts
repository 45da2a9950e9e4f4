import crypto from 'node:crypto';
import path from 'node:path';
import { createServices, type Services } from '../../app/services';
import type { JobContext } from '../../jobs/job-runner';
import { runDetect } from '../../review/detect-job';
import { defaultModelDir } from '../../ml/model-folder';
import { detectorOf, isModelDir } from '../../review/detector-port';
import { STATS_SOURCES, type StatsSource } from '../../shared/contract/review';
import { AppError } from '../../shared/errors';
import { num, str, UsageError, type Command, type CommandIO } from '../command';

function cliContext(signal: AbortSignal, io: CommandIO, json: boolean): JobContext {
  let last = -1;
  return {
    id: 'cli',
    signal,
    progress: (f) => {
      const pct = Math.floor(f * 10) * 10;
      if (!json && pct !== last) io.warn(`detecting: ${(last = pct)}%`);
    },
    throwIfCancelled: () => signal.throwIfAborted(),
  };
}

/** Imports the inputs (documents already in the library are found, not copied) and returns their ids. */
async function importInputs(s: Services, inputs: string[], io: CommandIO, signal: AbortSignal): Promise<number[]> {
  const r = await s.documents.importFiles(inputs, { signal });
  for (const e of r.errors) io.warn(`${e.file}: ${e.message}`);
  if (r.documents.length === 0)
    throw new AppError('NOT_FOUND', 'None of the inputs could be imported; nothing to report on.');
  return [...new Set(r.documents.map((d) => d.id))];
}

/** Runs the model over the documents when a detector is available; returns the model key or null. */
async function detect(
  s: Services,
  ids: number[],
  model: string | undefined,
  ctx: JobContext,
  io: CommandIO,
): Promise<string | null> {
  const dir = model ? path.resolve(model) : defaultModelDir();
  const detector = detectorOf(s);
  if (!detector || !isModelDir(dir)) {
    const why = !detector ? 'running a detector is not available in this version yet' : `no model at ${dir}`;
    if (model) throw new AppError('NOT_FOUND', `--model ${model} cannot be used: ${why}.`);
    io.warn(`No detections (${why}); the report uses the annotations only.`);
    return null;
  }
  const key = model ? `dir:${crypto.createHash('sha1').update(dir).digest('hex').slice(0, 12)}` : 'default';
  await runDetect({ modelKey: key, modelDir: dir, documentIds: ids, minScore: 0.05 }, ctx, {
    repo: s.review.repo,
    root: s.paths.root,
    detector: () => detector,
    importFolder: () => Promise.resolve({ ids: [], errors: 0 }),
  });
  return key;
}

export const reportCommand: Command = {
  name: 'report',
  summary:
    'Write a redaction report (PDF with pages and boxes, or CSV/JSON of every box) with statistics and the PDF audit. Inputs are imported into the library first; without inputs the whole library is reported.',
  usage:
    'report --out FILE.pdf|.csv|.json [--model DIR] [--threshold 0.5] [--source both|annotations|predictions] [<pdf|dir>...]',
  options: {
    out: { type: 'string' },
    model: { type: 'string' },
    threshold: { type: 'string' },
    source: { type: 'string' },
  },
  optionHelp: {
    out: 'the report file; its extension picks the format (.pdf, .csv or .json)',
    model: 'model folder to detect with (default: the shipped default model, when installed)',
    threshold: 'lowest detection score counted (default 0.5)',
    source: 'boxes from annotations, predictions, or both (default: annotations plus undecided predictions)',
  },
  positionals: true,
  async run({ values, positionals, dataDir, json, io }) {
    const out = str(values.out);
    if (!out) throw new UsageError('--out FILE is required (.pdf, .csv or .json).');
    const ext = path.extname(out).toLowerCase().slice(1);
    if (ext !== 'pdf' && ext !== 'csv' && ext !== 'json')
      throw new UsageError('--out must end in .pdf, .csv or .json.');
    const threshold = num(values.threshold, 'threshold', 0.5) ?? 0.5;
    if (threshold < 0 || threshold > 1) throw new UsageError('--threshold must be between 0 and 1.');
    const source = str(values.source) ?? 'both';
    if (!(STATS_SOURCES as readonly string[]).includes(source))
      throw new UsageError(`--source must be one of ${STATS_SOURCES.join(', ')}.`);
    const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      const ids = positionals.length ? await importInputs(s, positionals, io, controller.signal) : undefined;
      const key = await detect(s, ids ?? [], str(values.model), cliContext(controller.signal, io, json), io);
      const q = {
        documentIds: ids,
        source: (key ? source : 'annotations') as StatsSource,
        modelKey: key ?? 'default',
        threshold,
      };
      const r = await s.reports.write(ext, path.resolve(out), q, { signal: controller.signal });
      const stats = await s.reports.stats(q);
      const summary = {
        out: path.resolve(out),
        format: ext,
        documents: stats.collection.documents,
        pages: stats.collection.pages,
        redactions: stats.collection.redactions,
        boxes: r.boxes,
        modelKey: key,
      };
      if (json) io.json(summary);
      else
        io.info(
          `Wrote ${summary.out}: ${summary.documents} document(s), ${summary.pages} page(s), ${summary.redactions} redaction(s).`,
        );
      return 0;
    } finally {
      process.off('SIGINT', stop);
      await s.close();
    }
  },
};
