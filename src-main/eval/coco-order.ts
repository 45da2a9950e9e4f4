import type { PreparedCoco } from './coco-prepare';
import { argsortDescStable } from './stable-sort';

/**
 * The order in which pycocotools' `accumulate` visits detections of one category: all images'
 * detections concatenated (images by id, each by score) then stably sorted by score. Category k's
 * rows `dtStart[k*I]..dtStart[(k+1)*I]` map into the same range of positions.
 */
export interface ScoreOrder {
  /** detection row -> position */
  pos: Int32Array;
  /** position -> rank of the detection in its image (0 = best), for the 1/10/100 cut. */
  rank: Uint8Array;
  /** position -> score */
  score: Float64Array;
}

export function scoreOrder(p: PreparedCoco): ScoreOrder {
  const N = p.dtScore.length;
  const rows = new Int32Array(N);
  for (let j = 0; j < N; j++) rows[j] = j;
  const tmp = new Int32Array(N);
  for (let k = 0; k < p.K; k++) {
    argsortDescStable(p.dtScore, rows, p.dtStart[k * p.I]!, p.dtStart[(k + 1) * p.I]!, tmp);
  }
  const rankOfRow = new Uint8Array(N);
  for (let g = 0; g < p.K * p.I; g++) {
    for (let j = p.dtStart[g]!; j < p.dtStart[g + 1]!; j++) rankOfRow[j] = j - p.dtStart[g]!;
  }
  const pos = new Int32Array(N);
  const rank = new Uint8Array(N);
  const score = new Float64Array(N);
  for (let q = 0; q < N; q++) {
    const row = rows[q]!;
    pos[row] = q;
    rank[q] = rankOfRow[row]!;
    score[q] = p.dtScore[row]!;
  }
  return { pos, rank, score };
}
