import { tf, type Scalar, type Tensor2D } from '../tf';
import { stopGradient } from '../ops/upsample';
import { LOG_SIZE_CLIP } from './locations';

/** Sigmoid focal loss parameters (RetinaNet / FCOS). */
const FOCAL_ALPHA = 0.25;
/** Weight of the GIoU box loss against the classification loss. */
export const BOX_WEIGHT = 2;
/** Weight of the IoU-quality loss. */
export const QUALITY_WEIGHT = 1;

/** Head output rows per location: C class logits, 1 quality (IoU) logit, 4 box values. */
export function headRows(numClasses: number): number {
  return numClasses + 5;
}

/**
 * Dense training targets of a batch in the level-major layout of `flattenLevelMajor`
 * (L = N * P columns).
 */
export interface TargetTensors {
  /** [C, L] one-hot class of the assigned box (all zeros for background). */
  onehot: Tensor2D;
  /** [1, L] 1 for positive locations. */
  pos: Tensor2D;
  /** [4, L] assigned boxes x0, y0, x1, y1 in input pixels. */
  box: Tensor2D;
  /** Positive locations in the batch (normaliser). */
  numPos: number;
}

/** Location constants of a batch, each [1, L] in the same layout. */
export interface LocationTensors {
  x: Tensor2D;
  y: Tensor2D;
  stride: Tensor2D;
}

/**
 * Decodes box values to corner boxes.
 * @param raw [4, L] (dx, dy, log w, log h) in strides
 * @returns [x0, y0, x1, y1], each [1, L]
 */
export function decodeBoxes(raw: Tensor2D, loc: LocationTensors): Tensor2D[] {
  const parts = tf.split<Tensor2D>(raw, 4, 0);
  const cx = tf.add(loc.x, tf.mul(parts[0]!, loc.stride));
  const cy = tf.add(loc.y, tf.mul(parts[1]!, loc.stride));
  const half = tf.mul(loc.stride, 0.5);
  const hw = tf.mul(tf.exp(tf.clipByValue(parts[2]!, -LOG_SIZE_CLIP, LOG_SIZE_CLIP)), half);
  const hh = tf.mul(tf.exp(tf.clipByValue(parts[3]!, -LOG_SIZE_CLIP, LOG_SIZE_CLIP)), half);
  return [tf.sub(cx, hw), tf.sub(cy, hh), tf.add(cx, hw), tf.add(cy, hh)] as Tensor2D[];
}

/**
 * Element-wise IoU and generalised IoU of two sets of boxes.
 * @param a, b [x0, y0, x1, y1], each [1, L]
 * @returns { iou, giou } each [1, L]
 */
export function iouGiou(a: Tensor2D[], b: Tensor2D[]): { iou: Tensor2D; giou: Tensor2D } {
  const [ax0, ay0, ax1, ay1] = a as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
  const [bx0, by0, bx1, by1] = b as [Tensor2D, Tensor2D, Tensor2D, Tensor2D];
  const iw = tf.relu(tf.sub(tf.minimum(ax1, bx1), tf.maximum(ax0, bx0)));
  const ih = tf.relu(tf.sub(tf.minimum(ay1, by1), tf.maximum(ay0, by0)));
  const inter = tf.mul(iw, ih);
  const areaA = tf.mul(tf.sub(ax1, ax0), tf.sub(ay1, ay0));
  const areaB = tf.mul(tf.sub(bx1, bx0), tf.sub(by1, by0));
  const union = tf.add(tf.sub(tf.add(areaA, areaB), inter), 1e-6);
  const iou = tf.div<Tensor2D>(inter, union);
  const ew = tf.sub(tf.maximum(ax1, bx1), tf.minimum(ax0, bx0));
  const eh = tf.sub(tf.maximum(ay1, by1), tf.minimum(ay0, by0));
  const enclose = tf.add(tf.mul(ew, eh), 1e-6);
  const giou = tf.sub<Tensor2D>(iou, tf.div(tf.sub(enclose, union), enclose));
  return { iou, giou };
}

/** Numerically stable binary cross-entropy with logits. @param x, t same shape */
function bceWithLogits(x: tf.Tensor, t: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, t)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

/** The loss dict of a batch (detectron2 style): every part a scalar. */
export interface LossDict {
  cls: Scalar;
  box: Scalar;
  quality: Scalar;
  total: Scalar;
}

/**
 * Sigmoid focal loss on the classes, GIoU loss on the boxes of positive locations, and
 * IoU-awareness: a quality logit per location trained towards the IoU of its predicted box with
 * its ground truth (no gradient into the box), so that at inference score = sqrt(class · IoU)
 * ranks well-placed boxes first. Every part is normalised by the number of positives.
 * @param out [C + 5, L] head output (flattenLevelMajor)
 */
export function detectionLoss(out: Tensor2D, targets: TargetTensors, loc: LocationTensors): LossDict {
  const c = out.shape[0] - 5;
  const [logits, qLogit, raw] = tf.split(out, [c, 1, 4], 0) as [Tensor2D, Tensor2D, Tensor2D];
  const pred = decodeBoxes(raw, loc);
  const gt = tf.split<Tensor2D>(targets.box, 4, 0);
  const { iou, giou } = iouGiou(pred, gt);
  const norm = Math.max(1, targets.numPos);
  // Focal loss: positives weighted alpha (1 - p)^2, negatives (1 - alpha) p^2.
  const t = targets.onehot;
  const p = tf.sigmoid(logits);
  const posW = tf.mul(tf.square(tf.sub(1, p)), FOCAL_ALPHA);
  const negW = tf.mul(tf.square(p), 1 - FOCAL_ALPHA);
  const focal = tf.mul(bceWithLogits(logits, t), tf.add(tf.mul(t, posW), tf.mul(tf.sub(1, t), negW)));
  const cls = tf.div<Scalar>(tf.sum(focal), norm);
  const box = tf.mul<Scalar>(tf.div(tf.sum(tf.mul(tf.sub(1, giou), targets.pos)), norm), BOX_WEIGHT);
  const q = stopGradient(tf.clipByValue(iou, 0, 1));
  const quality = tf.mul<Scalar>(tf.div(tf.sum(tf.mul(bceWithLogits(qLogit, q), targets.pos)), norm), QUALITY_WEIGHT);
  return { cls, box, quality, total: tf.add(tf.add(cls, box), quality) };
}
