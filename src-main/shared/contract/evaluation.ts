// Channels and events of the evaluation domain. Channel names are `evaluation:verb`, events `evaluation:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { rpc } from './define';
import type { JobDTO } from './jobs';

type Box = [number, number, number, number];
type EvalClass = 'redaction' | 'content' | 'exemption_label';
type EvalSplit = 'train' | 'val' | 'test';

/** Which pages and which model: a dataset split, or (no dataset) every page that has predictions. */
export interface EvalSelectionDTO {
  /** 'default', 'run:<id>', ... (the `predictions.model_key`). */
  modelKey: string;
  datasetId: number | null;
  split: EvalSplit | null;
}

/** The 12 COCO numbers; -1 where undefined (as pycocotools). */
export interface CocoSummaryDTO {
  AP: number;
  AP50: number;
  AP75: number;
  APs: number;
  APm: number;
  APl: number;
  AR1: number;
  AR10: number;
  AR100: number;
  ARs: number;
  ARm: number;
  ARl: number;
}

/** The operating point with the highest F1 (IoU 0.50). */
export interface BestThresholdDTO {
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
}

export interface ClassCurvesDTO {
  class: EvalClass;
  numGt: number;
  numPred: number;
  /** COCO AP@[.50:.95] and AP50 of this class; -1 without ground truth. */
  AP: number;
  AP50: number;
  /** Precision made monotone from the right, at IoU 0.50, one point per distinct score (at most ~200). */
  pr: { recall: number[]; precision: number[]; score: number[] };
  /** F1, precision and recall against a confidence threshold 0.00..1.00 (step 0.01), IoU 0.50. */
  f1: { threshold: number[]; f1: number[]; precision: number[]; recall: number[] };
  best: BestThresholdDTO | null;
}

/** Rows: ground-truth class or 'background'; columns: predicted class or 'missed'. */
export interface ConfusionDTO {
  threshold: number;
  labels: EvalClass[];
  /** matrix[gt][pred], gt in labels + 'background', pred in labels + 'missed'. */
  matrix: Record<EvalClass | 'background', Record<EvalClass | 'missed', number>>;
  backgroundFp: number;
  missedGt: number;
  classConfusions: number;
}

/** Share of redaction pixels: recall = GT area covered by predictions; precision = predicted area on GT. */
export interface CoverageDTO {
  threshold: number;
  recall: number | null;
  precision: number | null;
  gtArea: number;
  predArea: number;
  overlapArea: number;
}

/** Metrics for ground truth of one box style (recall only: predictions have no style). */
export interface StyleMetricsDTO {
  style: string;
  numGt: number;
  /** Share of these boxes matched at IoU 0.50 by a prediction at or above the threshold. */
  recall: number | null;
  /** Share of these boxes' area covered by predicted redactions. */
  coverageRecall: number | null;
}

export interface SubsetMetricsDTO {
  pages: number;
  summary: CocoSummaryDTO;
  coverage: CoverageDTO;
}

export interface EvalMetricsDTO {
  selection: EvalSelectionDTO;
  pages: number;
  /** Pages of the selection the model has not run on yet. */
  pagesWithoutPredictions: number;
  threshold: number;
  summary: CocoSummaryDTO;
  perClass: ClassCurvesDTO[];
  confusion: ConfusionDTO;
  coverage: CoverageDTO;
  byStyle: StyleMetricsDTO[];
  real: SubsetMetricsDTO | null;
  synthetic: SubsetMetricsDTO | null;
}

/** A ground-truth box with the score of the prediction that matched it (null: never matched). */
export interface EvalGtBoxDTO {
  annotationId: number;
  class: EvalClass;
  box: Box;
  style: string | null;
  matchScore: number | null;
  /** Best IoU with any prediction of any class and score. */
  bestIou: number;
}

export interface EvalPredBoxDTO {
  predictionId: number;
  class: EvalClass;
  box: Box;
  score: number;
  /** Matched a ground truth of its class at IoU 0.50. */
  tp: boolean;
  /** Best IoU with any ground truth of any class. */
  bestIou: number;
}

export interface PageErrorsDTO {
  pageId: number;
  documentId: number;
  documentName: string;
  pageIndex: number;
  width: number;
  height: number;
  synthetic: boolean;
  gt: EvalGtBoxDTO[];
  pred: EvalPredBoxDTO[];
  /** Per-page validation loss where the trainer recorded one; null otherwise. */
  loss: number | null;
}

export type LabelMistakeKind = 'missing-annotation' | 'wrong-annotation';

export interface LabelMistakeDTO {
  kind: LabelMistakeKind;
  pageId: number;
  class: EvalClass;
  box: Box;
  /** The prediction's score (missing annotation) or null (wrong annotation). */
  score: number | null;
  annotationId: number | null;
  predictionId: number | null;
  /** Why it is listed, as a sentence. */
  reason: string;
}

export interface ErrorAnalysisDTO {
  selection: EvalSelectionDTO;
  /** Pages with ground truth and predictions. */
  pages: PageErrorsDTO[];
  pagesWithoutPredictions: number;
  mistakes: LabelMistakeDTO[];
  /** Default confidence filter: the best-F1 threshold of the redaction class (0.5 without one). */
  suggestedThreshold: number;
  /** A job started to make the missing predictions; null when none was needed or possible. */
  inferenceJob: JobDTO | null;
  /** Why predictions could not be made (e.g. no model available yet); null otherwise. */
  inferenceMessage: string | null;
}

/** A prepared patch: the page region shown and its media path (`api.media(media)`). */
export interface CropDTO {
  pageId: number;
  /** The page region of the patch, page pixels. */
  rect: Box;
  media: string;
}

export interface ModelKeyDTO {
  modelKey: string;
  label: string;
  pages: number;
  boxes: number;
}

const selection = {
  modelKey: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\w:.\-/]+$/),
  datasetId: z.number().int().min(1).nullable().optional(),
  split: z.enum(['train', 'val', 'test']).nullable().optional(),
};

export const evaluationChannels = {
  /** Model keys that have predictions, with page and box counts. */
  'evaluation:models': rpc(z.object({}).strict()).returns<ModelKeyDTO[]>(),
  /** Pages with their ground truth and predictions, and likely label mistakes; may start inference. */
  'evaluation:errorAnalysis': rpc(
    z
      .object({
        ...selection,
        /** Start a job for pages the model has not run on yet. */
        autoInfer: z.boolean().optional(),
        /** Confidence above which an unmatched prediction far from any ground truth is listed. */
        mistakeScore: z.number().min(0).max(1).optional(),
      })
      .strict(),
  ).returns<ErrorAnalysisDTO>(),
  /** COCO numbers, PR and F1 curves per class, confusion, coverage, by style and real vs synthetic. */
  'evaluation:curves': rpc(
    z.object({ ...selection, threshold: z.number().min(0).max(1).optional() }).strict(),
  ).returns<EvalMetricsDTO>(),
  /** Renders FP/FN patches (page regions around boxes) and returns their media paths. */
  'evaluation:crops': rpc(
    z
      .object({
        items: z
          .array(
            z
              .object({
                pageId: z.number().int().min(1),
                box: z
                  .tuple([z.number(), z.number(), z.number(), z.number()])
                  .refine(
                    (b) => b.every((v) => Number.isFinite(v) && Math.abs(v) < 1e6) && b[2] > b[0] && b[3] > b[1],
                    'a box is [x0, y0, x1, y1] with x1 > x0 and y1 > y0',
                  ),
              })
              .strict(),
          )
          .max(200),
      })
      .strict(),
  ).returns<CropDTO[]>(),
  /** Runs the model on the selection's pages that have no predictions yet (or all with `replace`). */
  'evaluation:runInference': rpc(
    z.object({ ...selection, replace: z.boolean().optional() }).strict(),
  ).returns<JobDTO>(),
};

export const evaluationEvents = {};
