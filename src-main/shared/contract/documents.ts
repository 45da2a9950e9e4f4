// Channels and events of the documents domain. Channel names are `documents:verb`, events `documents:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { event, rpc } from './define';
import type { ErrorCode } from '../errors';
import type { JobDTO } from './jobs';
import { SPLITS, type Split } from './datasets';

export const DOCUMENT_KINDS = ['pdf', 'image', 'synthetic'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Formats `documents:startImport` understands; 'auto' picks by content (documents, COCO .json, Prodigy .jsonl). */
export const IMPORT_FORMATS = ['auto', 'coco', 'yolo', 'voc', 'prodigy'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One document an import produced (or found already imported: `existing`). */
export interface ImportedDocumentDTO {
  id: number;
  /** The file name (for interop imports: the image's file name in the annotation file). */
  name: string;
  pages: number;
  /** True when the same bytes were already in the library; nothing was copied. */
  existing?: boolean;
}

/** A file that could not be imported; the library is unchanged for it. */
export interface ImportErrorDTO {
  /** The path as given or found while walking a folder. */
  file: string;
  code: ErrorCode;
  /** A sentence naming the problem and what to do. */
  message: string;
}

export interface ImportResultDTO {
  documents: ImportedDocumentDTO[];
  errors: ImportErrorDTO[];
  /** Validation warnings on imported annotations (interop imports). */
  warnings: string[];
}

/** One page as the library grid shows it. */
export interface LibraryPageDTO {
  id: number;
  documentId: number;
  /** 0-based page index in the document. */
  index: number;
  width: number;
  height: number;
  dpi: number;
  /** null: not said yet; false: "page has no redactions"; true: contains redactions. */
  hasRedactions: boolean | null;
  reviewed: boolean;
  /** The page's annotation version (send as `baseVersion` to annotation channels). */
  version: number;
  boxCount: number;
  redactionCount: number;
  /** Media paths for `api.media(...)`. */
  image: string;
  thumb: string;
}

export interface LibraryDocumentDTO {
  id: number;
  name: string;
  kind: DocumentKind;
  pageCount: number;
  synthetic: boolean;
  bytes: number;
  sha256: string;
  createdAt: string;
  /** Split in the requested dataset; null when unassigned. */
  split: Split | null;
  pages: LibraryPageDTO[];
}

export interface LibraryDTO {
  datasetId: number;
  documents: LibraryDocumentDTO[];
}

/** A text item of a PDF page in PDF points, origin top-left (y down). */
export interface TextItemDTO {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageTextDTO {
  pageId: number;
  /** Page size in PDF points (after the page's rotation); null for images. */
  widthPt: number | null;
  heightPt: number | null;
  items: TextItemDTO[];
}

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const ids = z.array(id).min(1).max(100_000);
const filePath = z.string().min(1).max(4096);

export const documentsChannels = {
  /** Every visible document with its pages, plus its split in `datasetId` (default dataset if omitted). */
  'documents:list': rpc(z.object({ datasetId: id.optional() }).strict()).returns<LibraryDTO>(),
  'documents:get': rpc(z.object({ id, datasetId: id.optional() }).strict()).returns<LibraryDocumentDTO>(),
  /** Starts an 'import' job over files and folders (recursive); the job's result is an ImportResultDTO. */
  'documents:startImport': rpc(
    z
      .object({
        paths: z.array(filePath).min(1).max(10_000),
        dpi: z.number().int().min(50).max(400).optional(),
        format: z.enum(IMPORT_FORMATS).optional(),
        /** Images folder for COCO/YOLO/VOC/Prodigy imports (default: next to the annotation file). */
        images: filePath.optional(),
        datasetId: id.optional(),
        split: z.enum(SPLITS).optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
  /** Soft delete: the documents disappear at once and can be restored until they are purged. */
  'documents:delete': rpc(z.object({ ids }).strict()).returns<{ deleted: number }>(),
  'documents:restore': rpc(z.object({ ids }).strict()).returns<{ restored: number }>(),
  /** Removes soft-deleted documents for good (files included). */
  'documents:purgeDeleted': rpc(z.object({}).strict()).returns<{ purged: number }>(),
  'documents:pageText': rpc(z.object({ pageId: id }).strict()).returns<PageTextDTO>(),
};

export const documentsEvents = {
  /** Documents were added, deleted or restored (ids of the documents concerned). */
  'documents:onChanged': event<{ ids: number[] }>(),
};
