import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../../app/paths';
import type { ImportedDocumentDTO } from '../../shared/contract/documents';
import type { Split } from '../../shared/contract/datasets';
import { AppError } from '../../shared/errors';
import { commitDocument } from '../commit';
import type { RenderPool } from '../render/render-pool';
import type { ProbeResult, RenderLimits, RenderedPageInfo } from '../render/protocol';
import { importErrors, LIMITS } from './messages';
import { MIME, ORIGINAL_EXT, sniffFile, type FileType } from './sniff';
import type { FoundFile } from './scan';

export interface ImportEnv {
  db: Database;
  paths: DataPaths;
  pool: RenderPool;
  limits: RenderLimits;
  poolSize: number;
  /** A visible or importing document with these bytes, if any. */
  findBySha(sha256: string): { id: number; name: string; pageCount: number } | null;
}

export interface FileImportOptions {
  dpi: number;
  signal?: AbortSignal;
  /** Pages rendered so far of this file and its page count. */
  onPages?: (done: number, total: number) => void;
  dataset?: { id: number; split: Split | null };
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Size, type and hash of a file, or the plain-language reason it cannot be imported. */
export async function inspectFile(file: string): Promise<{ type: FileType; bytes: number; sha256: string }> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw importErrors.unreadable((e as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  if (!st.isFile()) throw importErrors.unsupported();
  if (st.size === 0) throw importErrors.empty();
  if (st.size > LIMITS.maxFileBytes) throw importErrors.tooBig(st.size);
  let type: FileType | null;
  try {
    type = sniffFile(file);
  } catch (e) {
    throw importErrors.unreadable((e as NodeJS.ErrnoException).code ?? 'unknown error');
  }
  if (!type) throw path.extname(file).toLowerCase() === '.pdf' ? importErrors.notAPdf() : importErrors.unsupported();
  return { type, bytes: st.size, sha256: await sha256File(file) };
}

/**
 * Page ranges for the pool, taken in order by whichever render process is free: at most 16 pages
 * (for steady progress), shrinking towards the end (a share of what is left per process), so the
 * processes finish together instead of one rendering a last long range while the other idles.
 */
export function chunkPages(pageCount: number, workers: number): number[][] {
  const n = Math.max(1, workers);
  const chunks: number[][] = [];
  for (let i = 0; i < pageCount;) {
    const size = Math.max(1, Math.min(16, Math.ceil((pageCount - i) / (2 * n))));
    chunks.push(Array.from({ length: Math.min(size, pageCount - i) }, (_, k) => i + k));
    i += size;
  }
  return chunks;
}

/** Keeps the imported file as `originals/<sha256>.<ext>` (once per content). */
export async function keepOriginal(paths: DataPaths, file: string, sha256: string, type: FileType): Promise<void> {
  const dest = path.join(paths.originals, `${sha256}.${ORIGINAL_EXT[type]}`);
  if (fs.existsSync(dest)) return;
  await fs.promises.mkdir(paths.originals, { recursive: true });
  const tmp = `${dest}.${process.pid}.${crypto.randomUUID()}.tmp`;
  await fs.promises.copyFile(file, tmp);
  await fs.promises.rename(tmp, dest);
}

/** Renders every page of a file into `staged`, both workers at once for long files. */
async function renderAll(
  env: ImportEnv,
  file: string,
  type: FileType,
  pageCount: number,
  staged: { pagesDir: string; thumbsDir: string },
  opts: FileImportOptions,
): Promise<RenderedPageInfo[]> {
  const local = new AbortController();
  // One listener per page range of a long file.
  setMaxListeners(0, local.signal);
  const onOuterAbort = (): void => local.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const pages: RenderedPageInfo[] = [];
  const tasks = chunkPages(pageCount, env.poolSize).map((chunk) =>
    env.pool
      .run(
        { op: 'render', file, type, pages: chunk, dpi: opts.dpi, ...staged, limits: env.limits },
        {
          signal: local.signal,
          onPage: (p) => {
            pages.push(p);
            opts.onPages?.(pages.length, pageCount);
          },
        },
      )
      .catch((e: unknown) => {
        local.abort();
        throw e;
      }),
  );
  const settled = await Promise.allSettled(tasks);
  opts.signal?.removeEventListener('abort', onOuterAbort);
  // Report the first real failure, not the cancellations it caused.
  const failures = settled
    .filter((s): s is PromiseRejectedResult => s.status === 'rejected')
    .map((s) => s.reason as unknown);
  const real = failures.find((e) => !(e instanceof AppError && e.code === 'CANCELLED'));
  if (real || failures.length) throw real ?? failures[0];
  return pages;
}

/**
 * Imports one file: checks, de-duplicates by content hash, renders every page in the pool into
 * a staging folder, keeps the original, and commits all at once. On any failure the staging
 * folder is removed and the library is unchanged.
 */
export async function importOneFile(
  env: ImportEnv,
  found: FoundFile,
  opts: FileImportOptions,
): Promise<ImportedDocumentDTO> {
  const { type, bytes, sha256 } = await inspectFile(found.file);
  const name = path.basename(found.file);
  const existing = env.findBySha(sha256);
  if (existing) return { id: existing.id, name: existing.name, pages: existing.pageCount, existing: true };
  opts.signal?.throwIfAborted();
  const { pageCount } = await env.pool.run<ProbeResult>(
    { op: 'probe', file: found.file, type, limits: env.limits },
    { signal: opts.signal },
  );
  const root = path.join(env.paths.tmp, 'import', crypto.randomUUID());
  const staged = { pagesDir: path.join(root, 'pages'), thumbsDir: path.join(root, 'thumbs') };
  fs.mkdirSync(staged.pagesDir, { recursive: true });
  fs.mkdirSync(staged.thumbsDir, { recursive: true });
  try {
    const pages = await renderAll(env, found.file, type, pageCount, staged, opts);
    opts.signal?.throwIfAborted();
    await keepOriginal(env.paths, found.file, sha256, type);
    const again = env.findBySha(sha256);
    if (again) return { id: again.id, name: again.name, pages: again.pageCount, existing: true };
    let committed;
    try {
      committed = commitDocument(env.db, env.paths, {
        name,
        sourcePath: path.resolve(found.file),
        sha256,
        kind: type === 'pdf' ? 'pdf' : 'image',
        mime: MIME[type],
        bytes,
        synthetic: false,
        synthSettings: null,
        pages: pages.map((p) => ({ ...p })),
        staged,
        annotationSource: 'import',
        dataset: opts.dataset,
      });
    } catch (e) {
      // Another process committed the same bytes a moment ago.
      const raced = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? env.findBySha(sha256) : null;
      if (raced) return { id: raced.id, name: raced.name, pages: raced.pageCount, existing: true };
      throw e;
    }
    return { id: committed.documentId, name, pages: committed.pageIds.length };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
