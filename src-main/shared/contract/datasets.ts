// Channels and events of the datasets domain. Channel names are `datasets:verb`, events `datasets:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { event, rpc } from './define';
import type { JobDTO } from './jobs';

export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export const EXPORT_FORMATS = ['coco', 'yolo', 'voc', 'prodigy'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DatasetDTO {
  id: number;
  name: string;
  description: string | null;
  /** While frozen, no document may move into or out of the test split. */
  testFrozen: boolean;
  /** Documents per split, and visible documents not assigned to any split. */
  counts: Record<Split | 'unassigned', number>;
  createdAt: string;
}

/** Counts over `edges.length - 1` bins: bin i holds values in [edges[i], edges[i+1]). */
export interface HistogramDTO {
  edges: number[];
  counts: number[];
}

export interface DatasetStatsDTO {
  datasetId: number;
  split: Split | 'all';
  documents: number;
  pages: number;
  boxes: number;
  boxesPerClass: Record<'redaction' | 'content' | 'exemption_label', number>;
  /** Pages without any redaction box, and their share of all pages (0..1). */
  negativePages: number;
  negativeShare: number;
  /** Pages with no boxes and no "no redactions" mark yet: left out of training and evaluation. */
  unlabelledPages: number;
  /** Redaction box width and height as a fraction of the page width / height. */
  boxWidth: HistogramDTO;
  boxHeight: HistogramDTO;
  /** log2(width / height) of redaction boxes. */
  aspect: HistogramDTO;
  pagesPerSplit: Record<Split | 'unassigned', number>;
}

export const VALIDATION_RULES = [
  'box_outside_page',
  'tiny_box',
  'large_redaction',
  'duplicate_boxes',
  'overlapping_boxes',
  'multiple_content_boxes',
] as const;
export type ValidationRule = (typeof VALIDATION_RULES)[number];

export interface ValidationWarningDTO {
  rule: ValidationRule;
  pageId: number;
  documentId: number;
  documentName: string;
  /** 0-based page index. */
  pageIndex: number;
  annotationIds: number[];
  /** A sentence for people, naming the page. */
  message: string;
}

export interface SplitSuggestionDTO {
  assignments: { documentId: number; split: Split }[];
  /** Documents per split after the suggestion (applied or not). */
  counts: Record<Split | 'unassigned', number>;
  applied: boolean;
}

export interface ExportResultDTO {
  /** Media path of the download (`api.media(mediaPath)`). */
  mediaPath: string;
  fileName: string;
  images: number;
  annotations: number;
}

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const split = z.enum(SPLITS);
const ratio = z.number().finite().min(0).max(1);

export const datasetsChannels = {
  'datasets:list': rpc(z.object({}).strict()).returns<DatasetDTO[]>(),
  'datasets:create': rpc(
    z.object({ name: z.string().trim().min(1).max(100), description: z.string().max(2000).optional() }).strict(),
  ).returns<DatasetDTO>(),
  /** Assigns whole documents to a split (null: unassign). Refused for the test split while it is frozen. */
  'datasets:assignSplit': rpc(
    z.object({ datasetId: id, documentIds: z.array(id).min(1).max(100_000), split: split.nullable() }).strict(),
  ).returns<DatasetDTO>(),
  'datasets:setTestFrozen': rpc(z.object({ datasetId: id, frozen: z.boolean() }).strict()).returns<DatasetDTO>(),
  /** Deterministic split by document hash; `apply` stores it. Frozen test documents never move. */
  'datasets:suggestSplits': rpc(
    z
      .object({
        datasetId: id,
        ratios: z.object({ train: ratio, val: ratio, test: ratio }).strict().optional(),
        seed: z.string().max(200).optional(),
        /** Also move documents that already have a split (never frozen test ones). */
        reassign: z.boolean().optional(),
        apply: z.boolean(),
      })
      .strict(),
  ).returns<SplitSuggestionDTO>(),
  'datasets:stats': rpc(z.object({ datasetId: id, split: split.optional() }).strict()).returns<DatasetStatsDTO>(),
  'datasets:validate': rpc(
    z
      .object({ datasetId: id.optional(), split: split.optional(), documentIds: z.array(id).max(100_000).optional() })
      .strict(),
  ).returns<ValidationWarningDTO[]>(),
  /** Version of a dataset: hash of its documents, annotations and splits. */
  'datasets:hash': rpc(z.object({ datasetId: id }).strict()).returns<{ hash: string }>(),
  /** Starts an 'export' job; its result is an ExportResultDTO with a downloadable media path. */
  'datasets:startExport': rpc(
    z
      .object({
        format: z.enum(EXPORT_FORMATS),
        datasetId: id.optional(),
        split: split.optional(),
        includeImages: z.boolean().optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
};

export const datasetsEvents = {
  /** Split assignments or the frozen flag of a dataset changed. */
  'datasets:onChanged': event<{ datasetId: number }>(),
};
