import type { TextItemDTO } from '../../shared/contract/documents';
import type { ErrorInfo } from '../../shared/errors';
import type { FileType } from '../import/sniff';

/** Limits the render worker enforces (sent with every task so tests can lower them). */
export interface RenderLimits {
  maxPages: number;
  maxImagePixels: number;
  maxRenderPixels: number;
}

/** Font data a render process may register for PDF text before the pool replaces it with a fresh one. */
export const FONT_BUDGET_BYTES = 64 * 1024 * 1024;

/** Opens a file and reports its page count (and fails early for encrypted, damaged or oversized files). */
export interface ProbeTask {
  op: 'probe';
  file: string;
  type: FileType;
  limits: RenderLimits;
}

/**
 * Renders some pages of a file into `pagesDir/<index>.png` and `thumbsDir/<index>.jpg`, replying
 * with one `page` message per page. PDF pages are rendered at `dpi`; images keep their pixels.
 */
export interface RenderTask {
  op: 'render';
  file: string;
  type: FileType;
  /** 0-based page indices. */
  pages: number[];
  dpi: number;
  pagesDir: string;
  thumbsDir: string;
  limits: RenderLimits;
}

export type WorkerTask = ProbeTask | RenderTask;

export interface ProbeResult {
  pageCount: number;
}

export interface RenderedPageInfo {
  index: number;
  width: number;
  height: number;
  dpi: number;
  /** Page size in PDF points after rotation; null for images. */
  widthPt: number | null;
  heightPt: number | null;
  rotation: number;
  /** sha256 of the written PNG. */
  imageSha256: string;
  /** Text layer in points (PDFs); null for images. */
  text: TextItemDTO[] | null;
}

export type HostMessage = { type: 'task'; id: number; task: WorkerTask } | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'page'; id: number; page: RenderedPageInfo }
  | { type: 'done'; id: number; value: unknown; fontBytes: number }
  | { type: 'error'; id: number; error: ErrorInfo; fontBytes: number };

/** Width of page thumbnails in pixels. */
export const THUMB_WIDTH = 240;

export function pageFileName(index: number): string {
  return `${index}.png`;
}

export function thumbFileName(index: number): string {
  return `${index}.jpg`;
}
