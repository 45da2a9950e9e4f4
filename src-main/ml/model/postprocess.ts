import { decodeBox, type Locations } from './locations';

/** One detection in input pixels. */
export interface RawDetection {
  cls: number;
  score: number;
  box: [number, number, number, number];
}

export interface PostprocessOptions {
  /** Minimum score kept (default 0.05: low enough for COCO evaluation). */
  scoreThreshold?: number;
  /** Candidates kept before NMS (default 1000). */
  preNms?: number;
  /** Class-wise NMS IoU threshold (default 0.5). */
  nmsIou?: number;
  /** Detections kept per image (default 100). */
  maxDetections?: number;
  /** Per class index, the most detections kept per image (e.g. one page-content area). */
  maxPerClass?: (number | undefined)[];
}

/** Detections kept per page for class names with a natural limit: one content area per page. */
export function classLimits(classes: string[]): (number | undefined)[] {
  return classes.map((c) => (c === 'content' ? 1 : undefined));
}

function iou(a: RawDetection['box'], b: RawDetection['box']): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/** Greedy non-maximum suppression of one class; `dets` sorted by score, descending. */
function nms(dets: RawDetection[], threshold: number): RawDetection[] {
  const kept: RawDetection[] = [];
  for (const d of dets) if (kept.every((k) => iou(k.box, d.box) <= threshold)) kept.push(d);
  return kept;
}

/**
 * Turns one image's head output into detections: scores sqrt(class · quality) above the
 * threshold, top candidates, decoded boxes, class-wise NMS, best `maxDetections`.
 * @param out [P, C + 5] head output of one image (class logits, quality logit, box values)
 */
export function postprocess(
  out: Float32Array,
  numClasses: number,
  loc: Locations,
  o: PostprocessOptions = {},
): RawDetection[] {
  const thr = o.scoreThreshold ?? 0.05;
  // score = sqrt(sigmoid(class) * sigmoid(quality)) > thr needs sigmoid(class) > thr^2.
  const logitThr = Math.log((thr * thr) / (1 - thr * thr));
  const stride = numClasses + 5;
  const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
  const cand: { i: number; c: number; score: number }[] = [];
  for (let i = 0; i < loc.count; i++) {
    const q = sigmoid(out[i * stride + numClasses]!);
    for (let c = 0; c < numClasses; c++) {
      const v = out[i * stride + c]!;
      if (v <= logitThr) continue;
      const score = Math.sqrt(sigmoid(v) * q);
      if (score > thr) cand.push({ i, c, score });
    }
  }
  cand.sort((a, b) => b.score - a.score);
  const top = cand.slice(0, o.preNms ?? 1000);
  const byClass = new Map<number, RawDetection[]>();
  for (const k of top) {
    const d: RawDetection = {
      cls: k.c,
      score: k.score,
      box: decodeBox(loc, k.i, out, k.i * stride + numClasses + 1),
    };
    const list = byClass.get(k.c) ?? [];
    list.push(d);
    byClass.set(k.c, list);
  }
  const kept = [...byClass.entries()].flatMap(([c, list]) =>
    nms(list, o.nmsIou ?? 0.5).slice(0, o.maxPerClass?.[c] ?? Infinity),
  );
  kept.sort((a, b) => b.score - a.score);
  return kept.slice(0, o.maxDetections ?? 100);
}
