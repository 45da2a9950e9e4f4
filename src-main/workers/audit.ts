import fs from 'node:fs';
import path from 'node:path';
import { defineWorker } from '../jobs/worker-side';
import { auditPdf, revealFinding } from '../audit/audit-file';
import type { DetectionBox } from '../audit/page-audit';
import { renderPagePng } from '../audit/render';
import type { AuditFile } from '../shared/contract/audit';
import { AppError } from '../shared/errors';

export interface AuditWorkerFile {
  /** Where to read the PDF. */
  path: string;
  /** How the file is named in the report. */
  name: string;
  /** The library document the file is the original of, if any. */
  documentId?: number;
  /** Detected/annotated redaction boxes by 1-based page number, in points. */
  detections?: Record<number, DetectionBox[]>;
}

export type AuditWorkerInput =
  | {
      mode: 'audit';
      files: AuditWorkerFile[];
      /** Folder for page images of pages with boxes or findings: `f<file>-p<page>.png`. */
      renderDir?: string;
      renderDpi?: number;
      /** Upper bound on rendered pages per run. */
      maxRendered?: number;
      /** Include leaked text in the findings (CLI `--reveal` only). */
      reveal?: boolean;
    }
  | { mode: 'reveal'; file: AuditWorkerFile; page: number; findingIndex: number };

export type AuditWorkerOutput = { files: AuditFile[] } | { text: string };

/** Files larger than this are refused before parsing (hostile input must not exhaust memory). */
const MAX_BYTES = 512 * 1024 * 1024;

function readFile(f: AuditWorkerFile): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(f.path);
  } catch {
    throw new AppError('NOT_FOUND', `${f.name} does not exist; check the path.`);
  }
  if (!st.isFile()) throw new AppError('UNSUPPORTED_FILE', `${f.name} is not a file.`);
  if (st.size > MAX_BYTES)
    throw new AppError('FILE_TOO_LARGE', `${f.name} is larger than 512 MB; split it to audit it.`);
  return new Uint8Array(fs.readFileSync(f.path));
}

function detectionMap(f: AuditWorkerFile): Map<number, DetectionBox[]> {
  return new Map(Object.entries(f.detections ?? {}).map(([k, v]) => [Number(k), v]));
}

defineWorker<AuditWorkerInput, AuditWorkerOutput>(async (input, tools) => {
  if (input.mode === 'reveal') {
    const f = input.file;
    const boxes = detectionMap(f).get(input.page) ?? [];
    return { text: await revealFinding(readFile(f), f.name, input.page, input.findingIndex, boxes) };
  }
  const out: AuditFile[] = [];
  const n = input.files.length;
  let rendered = 0;
  for (let i = 0; i < n; i++) {
    const f = input.files[i] as AuditWorkerFile;
    tools.progress(i / n, `Auditing ${f.name}`);
    let data: Uint8Array;
    try {
      data = readFile(f);
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('IO_ERROR', `${f.name} could not be read.`);
      out.push({ file: f.name, pages: [], error: { code: err.code, message: err.message } });
      continue;
    }
    const result = await auditPdf(data, f.name, {
      detections: detectionMap(f),
      reveal: input.reveal === true,
      onPage: (done, total) => tools.progress((i + done / total) / n, `${f.name}: page ${done} of ${total}`),
      afterPage: async (page, pdfPage) => {
        const dir = input.renderDir;
        if (!dir || rendered >= (input.maxRendered ?? 200)) return;
        if (page.boxes.length === 0 && page.findings.every((x) => x.kind === 'pixel_detection_only')) return;
        const { png } = await renderPagePng(pdfPage, input.renderDpi ?? 100);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `f${i}-p${page.page}.png`), png);
        rendered++;
      },
    });
    out.push(result);
  }
  tools.progress(1, 'Audit finished');
  return { files: out };
});
