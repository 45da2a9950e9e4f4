/** The exemption-code verifier network (crops and shapes: `verifier-spec.ts`). */
import { tf, type Tensor, type Tensor4D, type Variable } from '../tf';
import { boxIntersection, type RawDetection } from './postprocess';
import type { InkImage } from './snap';
import { CROP_H, CROP_W, LAYERS, verifiedScore, verifierCrop, verifierSpecs } from './verifier-spec';

/** Crops per forward pass in `predict` (bounds the activations' memory). */
const PREDICT_BATCH = 128;

/** The verifier network; `predict` gives the code probability of each crop. */
export class LabelVerifier {
  readonly vars: Variable[];

  constructor(weights?: Float32Array, seed = 1) {
    const specs = verifierSpecs();
    let off = 0;
    this.vars = specs.map((s, i) => {
      const n = s.shape.reduce((a, b) => a * b, 1);
      let t: Tensor;
      if (weights) t = tf.tensor(weights.subarray(off, off + n), s.shape);
      else if (s.shape.length === 1) t = s.name === 'fc.b' ? tf.fill(s.shape, -2) : tf.zeros(s.shape);
      else {
        const fanIn = s.shape.slice(0, -1).reduce((a, b) => a * b, 1);
        t = tf.randomNormal(s.shape, 0, Math.sqrt(2 / fanIn), 'float32', seed * 1000 + i);
      }
      off += n;
      const v = tf.variable(t, true, `verifier.${s.name}.${seed}.${Math.random().toString(36).slice(2)}`);
      t.dispose();
      return v;
    });
    if (weights && off !== weights.length)
      throw new Error(`verifier weights hold ${weights.length} values, the network needs ${off}`);
  }

  /** Logits [n] of crops [n, CROP_H, CROP_W, 1]. */
  logits(x: Tensor4D): Tensor {
    return tf.tidy(() => {
      let h: Tensor4D = x;
      LAYERS.forEach(([, , , stride], i) => {
        const w = this.vars[2 * i] as Tensor4D;
        // one fused op: conv + bias + ReLU in a single pass (FMA panels on wasm)
        h = tf.fused.conv2d({
          x: h,
          filter: w,
          strides: stride,
          pad: 'same',
          bias: this.vars[2 * i + 1]!,
          activation: 'relu',
        });
      });
      const pooled = tf.concat([tf.mean(h, [1, 2]), tf.max(h, [1, 2])], 1);
      const n = LAYERS.length;
      return tf.reshape(tf.add(tf.matMul(pooled, this.vars[2 * n]!), this.vars[2 * n + 1]!), [-1]);
    });
  }

  /** Probabilities of `count` crops laid out one after another in `crops`. */
  predict(crops: Float32Array, count: number): Float32Array {
    const out = new Float32Array(count);
    const px = CROP_H * CROP_W;
    for (let i = 0; i < count; i += PREDICT_BATCH) {
      const n = Math.min(PREDICT_BATCH, count - i);
      const p = tf.tidy(() =>
        tf.sigmoid(this.logits(tf.tensor4d(crops.subarray(i * px, (i + n) * px), [n, CROP_H, CROP_W, 1]))),
      );
      out.set(p.dataSync(), i);
      p.dispose();
    }
    return out;
  }

  weights(): Float32Array {
    const parts = this.vars.map((v) => v.dataSync() as Float32Array);
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
  }
}

/** A verifier at work on one input image: the class it rescores and the mix of its probability. */
export interface PageVerifier {
  net: LabelVerifier;
  cls: number;
  mix: number;
  image: InkImage;
  /** Overlap (share of the smaller box) above which the lower-scored of two rescored detections goes. */
  prune?: number;
}

/**
 * Detections with those of the verifier's class rescored (boxes in the image's pixels). With
 * `prune`, a detection is then dropped when it and a higher-scored one of the class overlap over
 * more than that share of the smaller box (see `PRUNE_OVERLAP`).
 */
export function verifyDetections(dets: RawDetection[], v: PageVerifier): RawDetection[] {
  const mine = dets.filter((d) => d.cls === v.cls);
  if (mine.length === 0) return dets;
  const px = CROP_H * CROP_W;
  const crops = new Float32Array(mine.length * px);
  mine.forEach((d, i) => verifierCrop(v.image, d.box, crops.subarray(i * px, (i + 1) * px)));
  const p = v.net.predict(crops, mine.length);
  const rescored = mine
    .map((d, i) => ({ ...d, score: verifiedScore(d.score, p[i]!, v.mix) }))
    .sort((a, b) => b.score - a.score);
  const kept: RawDetection[] = [];
  const prune = v.prune ?? Infinity;
  for (const d of rescored) if (!kept.some((k) => smallerCovered(d.box, k.box) > prune)) kept.push(d);
  return [...dets.filter((d) => d.cls !== v.cls), ...kept];
}

/** The intersection of boxes a and b as a share of the smaller one's area. */
function smallerCovered(a: RawDetection['box'], b: RawDetection['box']): number {
  const area = (q: RawDetection['box']) => Math.max(1e-9, (q[2] - q[0]) * (q[3] - q[1]));
  return boxIntersection(a, b) / Math.min(area(a), area(b));
}
