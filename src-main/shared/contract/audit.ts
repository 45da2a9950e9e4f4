// Channels and events of the audit domain. Channel names are `audit:verb`, events `audit:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { rpc } from './define';
import type { JobDTO } from './jobs';

/**
 * What a finding is about. Leaks: `text_under_box` (vector box), `text_under_image` (dark image
 * overlay), `text_under_annotation` (dark highlight / square annotation), `unapplied_redaction`
 * (a /Redact annotation never applied), `text_under_detection` (a detected or annotated redaction
 * box with a text layer under it). Information: `ocr_layer_under_image` (a scanned page with a
 * searchable text layer behind the image), `pixel_detection_only` (no text layer at all).
 */
export const FINDING_KINDS = [
  'text_under_box',
  'text_under_image',
  'text_under_annotation',
  'unapplied_redaction',
  'text_under_detection',
  'ocr_layer_under_image',
  'pixel_detection_only',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface AuditFinding {
  kind: FindingKind;
  /** 'leak': text a reader should not have is still in the file; 'info': worth knowing. */
  severity: 'leak' | 'info';
  /** PDF points, origin top-left of the page's view box, before /Rotate. */
  bbox: [number, number, number, number];
  /** Characters of leaked text (whitespace runs count as one); 0 for information. */
  text_length: number;
  /** SHA-1 (hex) of the leaked text, whitespace collapsed; null for information. */
  text_sha1: string | null;
  /** A sentence for people; never contains the leaked text. */
  message: string;
  /** The leaked text itself: only in answers to an explicit reveal request. */
  text?: string;
}

/** A dark box the audit looked under, and why it is fine or not. */
export interface AuditBox {
  bbox: [number, number, number, number];
  source: 'rect' | 'shape' | 'image';
  verdict: 'leak' | 'empty' | 'whitespace' | 'date' | 'ok_word' | 'placeholder' | 'unreadable';
}

export interface AuditPage {
  /** 1-based. */
  page: number;
  /** View box size in points (before /Rotate) and the page's /Rotate. */
  width: number;
  height: number;
  rotate: number;
  /** Characters in the text layer (0: scanned page without OCR). */
  text_chars: number;
  boxes: AuditBox[];
  findings: AuditFinding[];
}

export interface AuditFile {
  /** The path as given (CLI) or the document's name (library). */
  file: string;
  documentId?: number | null;
  sha256?: string;
  pages: AuditPage[];
  /** Set when the file could not be audited; `pages` is then empty. */
  error?: { code: string; message: string };
}

export interface AuditReport {
  id: string;
  createdAt: string;
  files: AuditFile[];
  summary: AuditSummary;
}

export interface AuditSummary {
  files: number;
  failedFiles: number;
  pages: number;
  pagesWithLeaks: number;
  leaks: number;
  leakedChars: number;
  darkBoxes: number;
}

export interface AuditListItem {
  id: string;
  createdAt: string;
  title: string;
  summary: AuditSummary;
}

const auditId = z.string().regex(/^[\w-]{1,64}$/);

export const auditChannels = {
  /** Audits PDFs as a job: files on disk (picked or uploaded) and/or library documents. */
  'audit:start': rpc(
    z
      .object({
        paths: z.array(z.string().min(1).max(4096)).max(500).optional(),
        documentIds: z.array(z.number().int().positive()).max(5000).optional(),
        /** Also cross-check detected/annotated redaction boxes of library documents. */
        withDetections: z.boolean().optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
  'audit:list': rpc(z.object({ limit: z.number().int().min(1).max(200).optional() }).strict()).returns<
    AuditListItem[]
  >(),
  'audit:get': rpc(z.object({ id: auditId }).strict()).returns<AuditReport>(),
  /** The leaked text of one finding, read again from the file; never stored or logged. */
  'audit:reveal': rpc(
    z
      .object({
        id: auditId,
        fileIndex: z.number().int().min(0).max(100_000),
        page: z.number().int().min(1).max(100_000),
        findingIndex: z.number().int().min(0).max(100_000),
      })
      .strict(),
  ).returns<{ text: string; text_sha1: string }>(),
  /** Writes the findings as JSON or CSV and returns a media path to download them. */
  'audit:export': rpc(z.object({ id: auditId, format: z.enum(['json', 'csv']) }).strict()).returns<{
    mediaPath: string;
    file: string;
  }>(),
  /** PDF documents of the library that can be audited (their original is kept). */
  'audit:listPdfDocuments': rpc(z.object({}).strict()).returns<{ id: number; name: string; pageCount: number }[]>(),
};

export const auditEvents = {};
