/**
 * Training of a crop verifier (`model/label-verifier.ts`) for one class of a trained detector:
 * the detector runs over labelled pages, each of its detections of the class is cut out of the
 * input image and marked a hit when it overlaps a labelled box (IoU >= 0.5) or not one when it
 * hardly does (< 0.3); labelled boxes, shifted by a pixel or two, are added as hits too. The
 * network then learns to tell the two apart with a weighted logistic loss.
 */
import { NO_AUGMENT, prepareImage } from '../data/augment';
import type { Sample } from '../data/coco-dataset';
import { fitPage } from '../data/letterbox';
import type { Detector } from '../model/detector';
import { LabelVerifier } from '../model/label-verifier';
import { CROP_H, CROP_W, verifierCrop } from '../model/verifier-spec';
import { boxIou, classLimits, postprocess } from '../model/postprocess';
import { AppError } from '../../shared/errors';
import { tf, type Tensor } from '../tf';
import { Rng } from './rng';

export interface VerifierExamples {
  /** CROP_H * CROP_W bytes per example: ink * 255. */
  crops: Uint8Array;
  targets: Uint8Array;
  /** The detector's score of each example (1 for shifted labels). */
  scores: Float32Array;
  count: number;
}

/**
 * Candidates of class `cls` (score >= `threshold`) on `samples`, with their crops and targets.
 * `jitter` shifted copies of every labelled box are added as codes (none for evaluation sets).
 */
export async function gatherExamples(
  det: Detector,
  samples: Sample[],
  cls: number,
  opts: { threshold: number; jitter: number; batchSize: number; seed: number; onPage?: (done: number) => void },
): Promise<VerifierExamples> {
  const size = det.cfg.imageSize;
  const rng = new Rng(opts.seed);
  const crops: Uint8Array[] = [];
  const crop = new Float32Array(CROP_H * CROP_W);
  const targets: number[] = [];
  const scores: number[] = [];
  const add = (img: Parameters<typeof verifierCrop>[0], box: number[], target: number, score: number) => {
    verifierCrop(img, box, crop);
    crops.push(Uint8Array.from(crop, (v) => Math.round(v * 255)));
    targets.push(target);
    scores.push(score);
  };
  for (let i = 0; i < samples.length; i += opts.batchSize) {
    const batch = samples.slice(i, i + opts.batchSize);
    const prepared = await Promise.all(
      batch.map(async (s) => prepareImage(await fitPage(s.file, size), s.boxes, size, NO_AUGMENT, null)),
    );
    const outputs = det.predictImages(prepared.map((p) => p.rgb));
    outputs.forEach((raw, j) => {
      const p = prepared[j]!;
      const img = { data: p.rgb, width: size, height: size, channels: 3 as const };
      const labels = p.boxes.filter((b) => b.cls === cls).map((b) => b.box);
      const dets = postprocess(raw, det.cfg.classes.length, det.loc, {
        scoreThreshold: opts.threshold,
        maxPerClass: classLimits(det.cfg.classes),
      }).filter((d) => d.cls === cls);
      for (const d of dets) {
        const best = Math.max(0, ...labels.map((l) => boxIou(l, d.box)));
        if (best >= 0.5) add(img, d.box, 1, d.score);
        else if (best < 0.3) add(img, d.box, 0, d.score);
      }
      for (const l of labels)
        for (let k = 0; k < opts.jitter; k++) {
          const h = l[3] - l[1];
          const d = () => rng.normal() * Math.max(0.6, 0.08 * h);
          add(img, [l[0] + d(), l[1] + d(), l[2] + d(), l[3] + d()], 1, 1);
        }
    });
    opts.onPage?.(Math.min(samples.length, i + opts.batchSize));
  }
  const n = crops.length;
  const all = new Uint8Array(n * CROP_H * CROP_W);
  crops.forEach((c, k) => all.set(c, k * CROP_H * CROP_W));
  return { crops: all, targets: Uint8Array.from(targets), scores: Float32Array.from(scores), count: n };
}

export interface VerifierTrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number) => void;
  /** Training diverged in `epoch` (a loss of `loss`); the weights of the epoch before are returned. */
  onDiverged?: (epoch: number, loss: number) => void;
}

/** Gradients are scaled down to this global norm (a plain network without normalisation). */
const MAX_GRAD_NORM = 1;
/** A batch loss above this (or not a number) means training diverged: the logits blew up. */
const DIVERGED_LOSS = 20;
/** Steps of linear learning-rate warmup (at most a tenth of the run). */
const WARMUP_STEPS = 100;

/** Learning rate at `step` of `steps`: linear warmup, then cosine decay to zero. */
export function verifierLr(lr: number, step: number, steps: number): number {
  const warmup = Math.min(WARMUP_STEPS, Math.ceil(steps / 10));
  if (step < warmup) return (lr * (step + 1)) / warmup;
  return lr * 0.5 * (1 + Math.cos((Math.PI * (step - warmup)) / Math.max(1, steps - warmup)));
}

/** The gradients scaled so their global norm is at most `max` (new tensors). */
function clipByGlobalNorm(grads: Record<string, Tensor>, max: number): Record<string, Tensor> {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const sq = names.map((n) => tf.sum(tf.square(grads[n]!)).dataSync()[0]!);
    const norm = Math.sqrt(sq.reduce((a, b) => a + b, 0));
    const scale = norm > max ? max / norm : 1;
    const out: Record<string, Tensor> = {};
    for (const n of names) out[n] = tf.keep(tf.mul(grads[n]!, scale));
    return out;
  });
}

/**
 * Trains a verifier with Adam (warmup, then cosine decay; gradients clipped) on the examples;
 * codes weigh as much in the loss as all other candidates together. If the loss blows up, the
 * weights after the last whole epoch are returned (`onDiverged` says so); in the first epoch it
 * fails with a message.
 */
export function trainVerifier(ex: VerifierExamples, opts: VerifierTrainOptions): LabelVerifier {
  const net = new LabelVerifier(undefined, opts.seed);
  let lastGood: Float32Array | null = null;
  const rng = new Rng(opts.seed);
  const pos = ex.targets.reduce((a, t) => a + t, 0);
  const neg = ex.count - pos;
  const wPos = pos > 0 ? Math.max(1, neg / pos) : 1;
  const optimizer = tf.train.adam(opts.lr);
  const order = Array.from({ length: ex.count }, (_, i) => i);
  const steps = Math.ceil(ex.count / opts.batchSize) * opts.epochs;
  let step = 0;
  for (let e = 0; e < opts.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let sum = 0;
    let batches = 0;
    for (let b = 0; b < ex.count; b += opts.batchSize) {
      const idx = order.slice(b, b + opts.batchSize);
      const xs = cropInputs(ex, idx);
      const ys = new Float32Array(idx.length);
      const ws = new Float32Array(idx.length);
      idx.forEach((k, j) => {
        ys[j] = ex.targets[k]!;
        ws[j] = ex.targets[k] ? wPos : 1;
      });
      (optimizer as unknown as { learningRate: number }).learningRate = verifierLr(opts.lr, step, steps);
      const x = tf.tensor4d(xs, [idx.length, CROP_H, CROP_W, 1]);
      const y = tf.tensor1d(ys);
      const w = tf.tensor1d(ws);
      const { value: loss, grads } = tf.variableGrads(() => {
        const z = net.logits(x);
        // numerically stable logistic loss: max(z,0) - z*y + log(1 + exp(-|z|))
        const l = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
        return tf.div(tf.sum(tf.mul(l, w)), tf.sum(w));
      }, net.vars);
      const clipped = clipByGlobalNorm(grads, MAX_GRAD_NORM);
      optimizer.applyGradients(clipped as Parameters<typeof optimizer.applyGradients>[0]);
      tf.dispose(Object.values(clipped));
      tf.dispose(Object.values(grads));
      const value = loss.dataSync()[0]!;
      tf.dispose([x, y, w, loss]);
      if (!(value <= DIVERGED_LOSS)) {
        // diverged: go back to the weights after the last whole epoch, or give up in the first
        optimizer.dispose();
        net.dispose();
        if (!lastGood)
          throw new AppError(
            'TRAINING_FAILED',
            `The verifier's loss became ${value} at step ${step + 1}, in its first epoch; try a lower learning rate.`,
          );
        opts.onDiverged?.(e + 1, value);
        return new LabelVerifier(lastGood);
      }
      sum += value;
      batches++;
      step++;
    }
    opts.onEpoch?.(e + 1, sum / Math.max(1, batches));
    lastGood = net.weights();
  }
  optimizer.dispose();
  return net;
}

/** Probabilities of the examples' crops. */
export function predictExamples(net: LabelVerifier, ex: VerifierExamples): Float32Array {
  const out = new Float32Array(ex.count);
  const chunk = 1024;
  for (let i = 0; i < ex.count; i += chunk) {
    const idx = Array.from({ length: Math.min(chunk, ex.count - i) }, (_, k) => i + k);
    out.set(net.predict(cropInputs(ex, idx), idx.length), i);
  }
  return out;
}

/** The crops `idx` of the examples as network input (ink bytes / 255), one after another. */
function cropInputs(ex: VerifierExamples, idx: readonly number[]): Float32Array {
  const px = CROP_H * CROP_W;
  const xs = new Float32Array(idx.length * px);
  idx.forEach((k, j) => {
    for (let q = 0; q < px; q++) xs[j * px + q] = ex.crops[k * px + q]! / 255;
  });
  return xs;
}

/**
 * Average precision of the candidates ranked by `scores` (codes = targets 1): how well a ranking
 * puts codes before the rest, the quantity the verifier's mix is chosen by.
 */
export function rankingAP(scores: ArrayLike<number>, targets: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let tp = 0;
  let sum = 0;
  idx.forEach((k, r) => {
    if (targets[k]) sum += ++tp / (r + 1);
  });
  return tp ? sum / tp : 0;
}
