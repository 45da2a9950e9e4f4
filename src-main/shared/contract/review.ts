// Channels and events of the review domain. Channel names are `review:verb`, events `review:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { CLASSES, type Box, type BoxClass } from '../boxes';
import { rpc } from './define';
import type { JobDTO } from './jobs';

/** A model to review with: 'default' (shipped) or 'run:<id>' (a run's best checkpoint). */
export interface ModelChoiceDTO {
  key: string;
  label: string;
  /** False when the model's files are missing; `reason` says why. */
  available: boolean;
  reason: string | null;
}

export type Decision = 'accept' | 'reject' | 'adjust';

/** One stored detection with the reviewer's decision on it. */
export interface PredictionDTO {
  id: number;
  class: BoxClass;
  /** Page pixels `[x0, y0, x1, y1]`. */
  box: Box;
  score: number;
  decision: Decision | null;
  /** The annotation an accepted/adjusted box became. */
  annotationId: number | null;
}

export interface GroundTruthBoxDTO {
  id: number;
  class: BoxClass;
  box: Box;
  label: string | null;
  source: string;
}

/** Everything the Review view shows for one page. */
export interface ReviewPageDTO {
  pageId: number;
  documentId: number;
  documentName: string;
  /** 0-based. */
  index: number;
  width: number;
  height: number;
  image: string;
  modelKey: string;
  predictions: PredictionDTO[];
  groundTruth: GroundTruthBoxDTO[];
  /** Annotation version of the page (decisions fail with CONFLICT when it moved on). */
  version: number;
}

/** A library document as the Review view lists it. */
export interface ReviewDocumentDTO {
  id: number;
  name: string;
  kind: string;
  pageCount: number;
  /** Pages with predictions of the asked model. */
  predictedPages: number;
}

/** A page in the review queue, most uncertain first. */
export interface QueueItemDTO {
  pageId: number;
  documentId: number;
  documentName: string;
  index: number;
  uncertainty: number;
  /** Sentences: "3 boxes near the threshold", "looks redacted but no boxes", ... */
  reasons: string[];
  predictions: number;
  undecided: number;
}

/** Statistics of one page. Areas are shares 0..1. */
export interface PageStatsDTO {
  pageId: number;
  index: number;
  redactions: number;
  pageShare: number;
  contentShare: number;
  /** Where the content area came from: a `content` box, or the page's ink bounds. */
  contentFrom: 'content_box' | 'ink_bounds' | 'page';
  exemptions: Record<string, number>;
}

export interface DocumentStatsDTO {
  documentId: number;
  name: string;
  pages: number;
  redactedPages: number[];
  redactions: number;
  pageShare: number;
  contentShare: number;
  exemptions: Record<string, number>;
  pageStats: PageStatsDTO[];
}

export interface StatsDTO {
  source: StatsSource;
  modelKey: string | null;
  threshold: number;
  documents: DocumentStatsDTO[];
  collection: {
    documents: number;
    pages: number;
    redactedPages: number;
    redactions: number;
    pageShare: number;
    contentShare: number;
    exemptions: Record<string, number>;
  };
}

export const STATS_SOURCES = ['annotations', 'predictions', 'both'] as const;
export type StatsSource = (typeof STATS_SOURCES)[number];

const modelKey = z.string().regex(/^(default|run:\d{1,12})$/);
const threshold = z.number().min(0).max(1);
const ids = z.array(z.number().int().positive()).max(5000);
const box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const reviewChannels = {
  'review:models': rpc(z.object({}).strict()).returns<ModelChoiceDTO[]>(),
  'review:documents': rpc(z.object({ modelKey }).strict()).returns<ReviewDocumentDTO[]>(),
  /** Runs the detector over documents (or a folder imported first) as a job; stores predictions. */
  'review:detect': rpc(
    z
      .object({
        modelKey,
        documentIds: ids.optional(),
        folder: z.string().min(1).max(4096).optional(),
        /** Keep only detections at or above this score (default 0.05: the slider filters later). */
        minScore: threshold.optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
  'review:queue': rpc(
    z
      .object({
        modelKey,
        threshold,
        documentIds: ids.optional(),
        limit: z.number().int().min(1).max(2000).optional(),
      })
      .strict(),
  ).returns<QueueItemDTO[]>(),
  'review:page': rpc(z.object({ pageId: z.number().int().positive(), modelKey }).strict()).returns<ReviewPageDTO>(),
  /** Accept (into the annotations, source 'model'), reject, or adjust (accept with a new box) one prediction. */
  'review:decide': rpc(
    z
      .object({
        predictionId: z.number().int().positive(),
        decision: z.enum(['accept', 'reject', 'adjust']),
        box: box.optional(),
      })
      .strict(),
  ).returns<{ decision: Decision; annotationId: number | null; version: number }>(),
  /** Forgets the decision on a prediction (removing the annotation an accept made). */
  'review:undo': rpc(z.object({ predictionId: z.number().int().positive() }).strict()).returns<{ version: number }>(),
  'review:acceptAll': rpc(
    z
      .object({
        pageId: z.number().int().positive(),
        modelKey,
        threshold,
        classes: z.array(z.enum(CLASSES)).max(3).optional(),
      })
      .strict(),
  ).returns<{ accepted: number; version: number }>(),
  'review:stats': rpc(
    z
      .object({
        documentIds: ids.optional(),
        source: z.enum(STATS_SOURCES).optional(),
        modelKey: modelKey.optional(),
        threshold: threshold.optional(),
      })
      .strict(),
  ).returns<StatsDTO>(),
  /** Writes a PDF/CSV/JSON report of documents (boxes, statistics, audit findings) as a job. */
  'review:report': rpc(
    z
      .object({
        format: z.enum(['pdf', 'csv', 'json']),
        documentIds: ids.optional(),
        source: z.enum(STATS_SOURCES).optional(),
        modelKey: modelKey.optional(),
        threshold: threshold.optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
  /** Makes the sample library (generated pages + a PDF with leaky redactions) as a job. */
  'review:loadSamples': rpc(z.object({}).strict()).returns<JobDTO>(),
};

export const reviewEvents = {};
