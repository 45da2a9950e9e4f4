import { AppError } from '../shared/errors';
import { MAX_DETS } from './coco-params';
import { argsortDescStable } from './stable-sort';
import type { CocoDetection, CocoEvalOptions, CocoGroundTruth } from './coco-types';

/**
 * Ground truth and detections grouped by (category, image) into flat typed arrays, in the order
 * pycocotools' `_prepare` builds `_gts` / `_dts`. Group `g = k * I + i` for category index `k` and
 * image index `i` (both sorted by id); `gtStart[g]..gtStart[g+1]` are its ground-truth rows.
 */
export interface PreparedCoco {
  imgIds: number[];
  catIds: number[];
  I: number;
  K: number;
  gtStart: Int32Array;
  /** [x, y, w, h] per ground-truth row */
  gtBox: Float64Array;
  gtArea: Float64Array;
  /** `iscrowd` truthy: pycocotools' `ignore` flag. */
  gtIgnore: Uint8Array;
  /** `int(iscrowd) != 0`: crowd IoU and several matches allowed. */
  gtCrowd: Uint8Array;
  /** The annotation id is 0: pycocotools then records a match as "no match". */
  gtIdZero: Uint8Array;
  /** Index of the row's annotation in the input. */
  gtSrc: Int32Array;
  /** Detections per group, sorted by score (stable) and cut at 100. */
  dtStart: Int32Array;
  dtBox: Float64Array;
  dtScore: Float64Array;
  dtArea: Float64Array;
  dtSrc: Int32Array;
  warnings: string[];
}

function sortedUnique(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function indexOf(ids: number[]): Map<number, number> {
  return new Map(ids.map((id, i) => [id, i]));
}

/** Stable counting sort of `(group, row)` pairs into CSR offsets and rows. */
function toCsr(groups: number[], rows: number[], nGroups: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(nGroups + 1);
  for (const g of groups) start[g + 1]!++;
  for (let g = 0; g < nGroups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, nGroups);
  const out = new Int32Array(rows.length);
  for (let j = 0; j < groups.length; j++) out[fill[groups[j]!]!++] = rows[j]!;
  return { start, rows: out };
}

/** Ground-truth rows in `_gts` order: sorted images, file order, duplicate ids resolved to the last. */
function gtRows(gt: CocoGroundTruth, img: Map<number, number>, cat: Map<number, number>, I: number) {
  const anns = gt.annotations;
  const lastById = new Map<number, number>();
  anns.forEach((a, j) => {
    if (a.id !== undefined) lastById.set(a.id, j);
  });
  const perImage: number[][] = Array.from({ length: I }, () => []);
  anns.forEach((a, j) => {
    const i = img.get(a.image_id);
    if (i !== undefined && cat.has(a.category_id)) perImage[i]!.push(j);
  });
  const groups: number[] = [];
  const rows: number[] = [];
  for (const list of perImage) {
    for (const j of list) {
      const r = anns[j]!.id === undefined ? j : lastById.get(anns[j]!.id)!;
      const a = anns[r]!;
      const i = img.get(a.image_id);
      const k = cat.get(a.category_id);
      if (i === undefined || k === undefined) continue;
      groups.push(k * I + i);
      rows.push(r);
    }
  }
  return toCsr(groups, rows, cat.size * I);
}

function fillGt(gt: CocoGroundTruth, rows: Int32Array) {
  const n = rows.length;
  const gtBox = new Float64Array(4 * n);
  const gtArea = new Float64Array(n);
  const gtIgnore = new Uint8Array(n);
  const gtCrowd = new Uint8Array(n);
  const gtIdZero = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const a = gt.annotations[rows[j]!]!;
    const b = a.bbox;
    for (let c = 0; c < 4; c++) gtBox[4 * j + c] = b[c]!;
    gtArea[j] = a.area ?? b[2]! * b[3]!;
    const crowd = a.iscrowd ?? 0;
    gtIgnore[j] = crowd ? 1 : 0;
    gtCrowd[j] = Math.trunc(Number(crowd)) !== 0 ? 1 : 0;
    gtIdZero[j] = a.id === 0 ? 1 : 0;
  }
  return { gtBox, gtArea, gtIgnore, gtCrowd, gtIdZero, gtSrc: rows };
}

function checkImages(dets: readonly CocoDetection[], gt: CocoGroundTruth, opts: CocoEvalOptions): Set<number> {
  const known = new Set(gt.images.map((im) => im.id));
  const unknown = new Set<number>();
  for (const d of dets) if (!known.has(d.image_id)) unknown.add(d.image_id);
  if (unknown.size > 0 && (opts.unknownImages ?? 'error') === 'error') {
    const list = [...unknown].slice(0, 5).join(', ');
    throw new AppError(
      'INVALID_DATA',
      `${unknown.size} image id(s) in the detections are not in the ground truth (${list}${unknown.size > 5 ? ', …' : ''}). ` +
        'pycocotools refuses such results too: evaluate against the ground truth the detections were made for.',
    );
  }
  return known;
}

/** Sorts each group's detections by score (highest first, ties keep file order) and keeps 100. */
function dtRows(
  dets: readonly CocoDetection[],
  known: Set<number>,
  img: Map<number, number>,
  cat: Map<number, number>,
  I: number,
) {
  const groups: number[] = [];
  const rows: number[] = [];
  let unknownCat = 0;
  const score = new Float64Array(dets.length);
  dets.forEach((d, j) => {
    score[j] = d.score;
    const i = img.get(d.image_id);
    const k = cat.get(d.category_id);
    if (k === undefined) unknownCat++;
    if (i === undefined || k === undefined || !known.has(d.image_id)) return;
    groups.push(k * I + i);
    rows.push(j);
  });
  const csr = toCsr(groups, rows, cat.size * I);
  const maxDet = MAX_DETS[MAX_DETS.length - 1]!;
  const start = new Int32Array(csr.start.length);
  const tmp = new Int32Array(csr.rows.length);
  let n = 0;
  for (let g = 0; g + 1 < csr.start.length; g++) {
    const lo = csr.start[g]!;
    const hi = csr.start[g + 1]!;
    argsortDescStable(score, csr.rows, lo, hi, tmp);
    const keep = Math.min(hi - lo, maxDet);
    csr.rows.copyWithin(n, lo, lo + keep);
    n += keep;
    start[g + 1] = n;
  }
  return { start, rows: csr.rows.slice(0, n), unknownCat };
}

function fillDt(dets: readonly CocoDetection[], rows: Int32Array) {
  const n = rows.length;
  const dtBox = new Float64Array(4 * n);
  const dtScore = new Float64Array(n);
  const dtArea = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const d = dets[rows[j]!]!;
    const b = d.bbox;
    dtBox[4 * j] = b[0]!;
    dtBox[4 * j + 1] = b[1]!;
    dtBox[4 * j + 2] = b[2]!;
    dtBox[4 * j + 3] = b[3]!;
    dtScore[j] = d.score;
    dtArea[j] = b[2]! * b[3]!;
  }
  return { dtBox, dtScore, dtArea, dtSrc: rows };
}

/** pycocotools' `COCO()` + `loadRes()` + `_prepare()` for bbox evaluation. */
export function prepareCoco(
  gt: CocoGroundTruth,
  dets: readonly CocoDetection[],
  opts: CocoEvalOptions = {},
): PreparedCoco {
  const imgIds = sortedUnique(gt.images.map((im) => im.id));
  const catIds = sortedUnique(gt.categories.map((c) => c.id));
  const img = indexOf(imgIds);
  const cat = indexOf(catIds);
  const I = imgIds.length;
  const known = checkImages(dets, gt, opts);
  const g = gtRows(gt, img, cat, I);
  const d = dtRows(dets, known, img, cat, I);
  const warnings: string[] = [];
  if (d.unknownCat > 0) {
    warnings.push(
      `${d.unknownCat} detection(s) have a category id that is not in the ground truth; they were not counted.`,
    );
  }
  return {
    imgIds,
    catIds,
    I,
    K: catIds.length,
    gtStart: g.start,
    ...fillGt(gt, g.rows),
    dtStart: d.start,
    ...fillDt(dets, d.rows),
    warnings,
  };
}
