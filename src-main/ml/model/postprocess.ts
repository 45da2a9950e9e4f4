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
  /** Class-wise NMS IoU threshold (default 0.6). */
  nmsIou?: number;
  /** Detections kept per image (default 100). */
  maxDetections?: number;
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
 * Turns one image's head output into detections: sigmoid scores above the threshold, top
 * candidates, decoded boxes, class-wise NMS, best `maxDetections`.
 * @param out [P, C + 4] head output of one image (logits, then box values)
 */
export function postprocess(
  out: Float32Array,
  numClasses: number,
  loc: Locations,
  o: PostprocessOptions = {},
): RawDetection[] {
  const thr = o.scoreThreshold ?? 0.05;
  const logitThr = Math.log(thr / (1 - thr));
  const stride = numClasses + 4;
  const cand: { i: number; c: number; logit: number }[] = [];
  for (let i = 0; i < loc.count; i++) {
    for (let c = 0; c < numClasses; c++) {
      const v = out[i * stride + c]!;
      if (v > logitThr) cand.push({ i, c, logit: v });
    }
  }
  cand.sort((a, b) => b.logit - a.logit);
  const top = cand.slice(0, o.preNms ?? 1000);
  const byClass = new Map<number, RawDetection[]>();
  for (const k of top) {
    const d: RawDetection = {
      cls: k.c,
      score: 1 / (1 + Math.exp(-k.logit)),
      box: decodeBox(loc, k.i, out, k.i * stride + numClasses),
    };
    const list = byClass.get(k.c) ?? [];
    list.push(d);
    byClass.set(k.c, list);
  }
  const kept = [...byClass.values()].flatMap((list) => nms(list, o.nmsIou ?? 0.6));
  kept.sort((a, b) => b.score - a.score);
  return kept.slice(0, o.maxDetections ?? 100);
}
