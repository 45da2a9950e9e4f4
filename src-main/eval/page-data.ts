import type { Box, BoxClass } from '../shared/boxes';

/** A ground-truth box of a page, as stored in `annotations`. */
export interface GtBox {
  id: number;
  class: BoxClass;
  box: Box;
  style: string | null;
}

/** A predicted box of a page, as stored in `predictions`. */
export interface PredBox {
  id: number;
  class: BoxClass;
  box: Box;
  score: number;
}

/** One page with its ground truth and the predictions of one model (page pixels). */
export interface EvalPage {
  pageId: number;
  documentId: number;
  documentName: string;
  pageIndex: number;
  width: number;
  height: number;
  synthetic: boolean;
  /** Relative to the data folder. */
  imagePath: string;
  gt: GtBox[];
  pred: PredBox[];
}
