/**
 * COCO object-detection data as pycocotools reads it (`bbox` is `[x, y, w, h]` in pixels) and the
 * results of evaluating detections against ground truth.
 */

export interface CocoImage {
  id: number;
  width?: number;
  height?: number;
  file_name?: string;
}

export interface CocoCategory {
  id: number;
  name?: string;
  supercategory?: string;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** `[x, y, w, h]` */
  bbox: number[];
  /** Used for the small/medium/large ranges; pycocotools requires it, we fall back to `w * h`. */
  area?: number;
  /** Missing means 0. A crowd region is ignored and may absorb several detections. */
  iscrowd?: number | boolean;
  /** Accepted but, as in pycocotools, overwritten by `iscrowd`. */
  ignore?: number | boolean;
}

export interface CocoGroundTruth {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

export interface CocoDetection {
  image_id: number;
  category_id: number;
  /** `[x, y, w, h]` */
  bbox: number[];
  score: number;
}

/** The 12 numbers of pycocotools' `summarize()`, by name. */
export interface CocoSummary {
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

export const SUMMARY_KEYS: readonly (keyof CocoSummary)[] = [
  'AP',
  'AP50',
  'AP75',
  'APs',
  'APm',
  'APl',
  'AR1',
  'AR10',
  'AR100',
  'ARs',
  'ARm',
  'ARl',
];

/** Per-category AP/AR read from the accumulated arrays (-1 where the category has no ground truth). */
export interface CocoCategoryResult {
  categoryId: number;
  name: string;
  AP: number;
  AP50: number;
  AP75: number;
  APs: number;
  APm: number;
  APl: number;
  AR100: number;
  /** Ground-truth boxes that count (not crowd). */
  numGt: number;
  /** Detections evaluated (at most 100 per image and category). */
  numDt: number;
}

/** Per-image counts at IoU 0.50, area "all", 100 detections, summed over categories. */
export interface CocoImageResult {
  imageId: number;
  tp: number;
  fp: number;
  fn: number;
  /** Ground truth that counts (not crowd). */
  numGt: number;
  /** Detections evaluated (at most 100 per category). */
  numDt: number;
}

/** Dimensions of the accumulated arrays, in pycocotools' order. */
export interface CocoCounts {
  T: number;
  R: number;
  K: number;
  A: number;
  M: number;
}

export interface CocoEvalResult {
  /** The 12 numbers in pycocotools' order; -1 where undefined. */
  stats: number[];
  summary: CocoSummary;
  /** pycocotools' `summarize()` lines. */
  lines: string[];
  counts: CocoCounts;
  iouThrs: Float64Array;
  recThrs: Float64Array;
  catIds: number[];
  imgIds: number[];
  /** [T, R, K, A, M] row-major, -1 for absent categories (pycocotools' `eval['precision']`). */
  precision: Float64Array;
  /** [T, K, A, M] row-major (pycocotools' `eval['recall']`). */
  recall: Float64Array;
  /** [T, R, K, A, M] row-major: the score at each recall threshold (pycocotools' `eval['scores']`). */
  scores: Float64Array;
  perCategory: CocoCategoryResult[];
  perImage: CocoImageResult[];
  /**
   * For each input detection at IoU 0.50 (area "all", 100 per image and category): the index of the
   * matched ground-truth annotation, -1 for a false positive, -2 when not evaluated (beyond 100,
   * unknown category) or matched to a crowd region.
   */
  detMatch: Int32Array;
  /** For each input detection: its best IoU with a same-category ground truth of its image (0 if none). */
  detBestIou: Float64Array;
  /**
   * For each ground-truth annotation at IoU 0.50: the index of the matching detection, -1 when missed,
   * -2 when not evaluated (crowd, unknown image or category).
   */
  gtMatch: Int32Array;
  /** Things pycocotools would silently drop (detections of unknown categories, ...). */
  warnings: string[];
}

export interface CocoEvalOptions {
  /**
   * Detections on images missing from the ground truth: pycocotools refuses them ('error', the
   * default); 'ignore' drops them.
   */
  unknownImages?: 'error' | 'ignore';
}
