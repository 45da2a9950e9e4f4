import type { AuditFile, AuditPage } from '../shared/contract/audit';
import { AppError, toErrorInfo } from '../shared/errors';
import { analysePage, type DetectionBox, type RawFinding } from './page-audit';
import { loadPdfjs, openPdf } from './pdfjs';
import { revealText } from './leak';

export interface AuditFileOptions {
  signal?: AbortSignal;
  /** Called after each page with (pages done, page count). */
  onPage?: (done: number, total: number) => void;
  /** Redaction boxes from the detector or annotations, by 1-based page number, in points. */
  detections?: ReadonlyMap<number, readonly DetectionBox[]>;
  /** Put the leaked text in each leak finding (only on an explicit request: CLI `--reveal`). */
  reveal?: boolean;
  /** Called with each analysed page (e.g. to render the pages that have findings). */
  afterPage?: (page: AuditPage, pdfPage: import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy) => Promise<void>;
}

/**
 * Audits every page of one PDF. Errors inside one page are reported on that page's file entry
 * and stop that file only; a file that cannot be opened becomes an `error` entry.
 */
export async function auditPdf(data: Uint8Array, name: string, opts: AuditFileOptions = {}): Promise<AuditFile> {
  const pdfjs = await loadPdfjs();
  let doc;
  try {
    doc = await openPdf(data, name);
  } catch (e) {
    const info = toErrorInfo(e);
    return { file: name, pages: [], error: { code: info.code, message: info.message } };
  }
  const pages: AuditPage[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The audit was cancelled.');
      const page = await doc.getPage(n);
      const analysis = await analysePage(pdfjs, page, n, opts.detections?.get(n) ?? []);
      const result = opts.reveal ? withText(analysis.page, analysis.findings) : analysis.page;
      await opts.afterPage?.(result, page);
      page.cleanup();
      pages.push(result);
      opts.onPage?.(n, doc.numPages);
    }
    return { file: name, pages };
  } catch (e) {
    const info = toErrorInfo(e);
    if (info.code === 'CANCELLED') throw e;
    return { file: name, pages, error: { code: info.code, message: `Page ${pages.length + 1}: ${info.message}` } };
  } finally {
    await doc.destroy();
  }
}

/**
 * Reads the leaked text of one finding again from the file. The text is returned to the caller
 * only; it is never stored or logged.
 */
export async function revealFinding(
  data: Uint8Array,
  name: string,
  pageNumber: number,
  findingIndex: number,
  detections: readonly DetectionBox[] = [],
): Promise<string> {
  const pdfjs = await loadPdfjs();
  const doc = await openPdf(data, name);
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) {
      throw new AppError('NOT_FOUND', `${name} has no page ${pageNumber}.`);
    }
    const { findings } = await analysePage(pdfjs, await doc.getPage(pageNumber), pageNumber, detections);
    const f: RawFinding | undefined = findings[findingIndex];
    if (!f || f.severity !== 'leak') {
      throw new AppError(
        'NOT_FOUND',
        `Page ${pageNumber} of ${name} has no leaked text at finding ${findingIndex + 1}.`,
      );
    }
    return revealText(f.rawText);
  } finally {
    await doc.destroy();
  }
}

function withText(page: AuditPage, raw: readonly RawFinding[]): AuditPage {
  return {
    ...page,
    findings: page.findings.map((f, i) =>
      f.severity === 'leak' ? { ...f, text: revealText(raw[i]?.rawText ?? '') } : f,
    ),
  };
}
