import { tf, type Scalar, type Tensor4D } from '../tf';
import type { BatchStats } from '../ops/batch-norm';
import { addBackbone, backbone } from './backbone';
import type { DetectorConfig } from './config';
import type { Targets } from './assign';
import { disposeTargets, imagesToTensor, locationTensors, targetsToTensors } from './batch';
import { addFpnHead, flattenLevelMajor, fpnHead, setHeadBiasPrior } from './fpn-head';
import { foldBatchNorms, makeCtx, type FoldedConv, type ForwardCtx } from './layers';
import { locations, type Locations } from './locations';
import { detectionLoss, type LocationTensors, type TargetTensors } from './losses';
import { ParamStore } from './params';

/** What one training forward/backward pass returns (plain numbers and arrays, no tensors). */
export interface StepResult {
  /** Loss parts of this batch: { cls, box, total }. */
  losses: Record<string, number>;
  /** Gradients of the trainable parameters, flat in spec order. */
  grads: Float32Array;
  /** Batch means and variances of every batch norm, flat: per layer [mean..., var...], in spec order. */
  bnStats: Float32Array;
}

/**
 * The redaction detector: FCOS/VarifocalNet-style, anchor-free, single stage. Like a detectron2
 * model it returns a loss dict when training (`trainStep`, `losses`) and raw per-location outputs
 * for inference (`predict`, decoded by `postprocess`).
 */
export class Detector {
  readonly params = new ParamStore();
  readonly loc: Locations;
  private readonly locTensors = new Map<number, LocationTensors>();
  private folded: Map<string, FoldedConv> | null = null;

  constructor(readonly cfg: DetectorConfig) {
    if (cfg.imageSize % 32 !== 0) throw new Error(`Image size must be a multiple of 32, got ${cfg.imageSize}.`);
    addBackbone(this.params, cfg.backbone);
    addFpnHead(this.params, cfg.backbone, cfg.classes.length);
    this.loc = locations(cfg.imageSize);
  }

  /** Fresh weights from a seed, flat in spec order (the same on every backend, no tensors). */
  initialWeights(seed: number): Float32Array {
    const flat = this.params.initialFlat(seed);
    setHeadBiasPrior(this.params, flat, this.cfg.classes.length);
    return flat;
  }

  /** Sets the weights (all parameters, flat in spec order). */
  setWeights(flat: Float32Array): void {
    this.params.fromFlat(flat);
    this.invalidate();
  }

  /** Fresh weights from a seed. */
  initialise(seed: number): void {
    this.setWeights(this.initialWeights(seed));
  }

  /** Drops inference caches after the weights changed. */
  invalidate(): void {
    if (this.folded) for (const f of this.folded.values()) tf.dispose([f.w, f.b]);
    this.folded = null;
  }

  /** Location constants for a batch of n images (kept until dispose). */
  private locationTensors(n: number): LocationTensors {
    let t = this.locTensors.get(n);
    if (!t) {
      // Kept: the first caller may be inside a tidy (validation loss), and these live until dispose.
      t = tf.tidy(() => {
        const made = locationTensors(this.loc, n);
        return { x: tf.keep(made.x), y: tf.keep(made.y), stride: tf.keep(made.stride) };
      });
      this.locTensors.set(n, t);
    }
    return t;
  }

  /**
   * @param x [N, S, S, 3] normalised images
   * @returns per level [N, S/s, S/s, C + 5]
   */
  forward(ctx: ForwardCtx, x: Tensor4D): Tensor4D[] {
    return fpnHead(ctx, this.cfg.backbone, backbone(ctx, this.cfg.backbone, x));
  }

  /** Loss dict of a batch without gradients (validation loss), with running statistics. */
  losses(x: Tensor4D, targets: TargetTensors): Record<string, number> {
    return tf.tidy(() => {
      const out = flattenLevelMajor(this.forward(makeCtx(this.params, false), x));
      const d = detectionLoss(out, targets, this.locationTensors(x.shape[0]));
      return {
        cls: d.cls.dataSync()[0]!,
        box: d.box.dataSync()[0]!,
        quality: d.quality.dataSync()[0]!,
        total: d.total.dataSync()[0]!,
      };
    });
  }

  /** One forward and backward pass in training mode. Leaves no tensors behind. */
  trainStep(x: Tensor4D, targets: TargetTensors): StepResult {
    const ctx = makeCtx(this.params, true);
    const parts: Scalar[] = [];
    const vars = this.params.trainable();
    const loc = this.locationTensors(x.shape[0]);
    const { value, grads } = tf.variableGrads(() => {
      const d = detectionLoss(flattenLevelMajor(this.forward(ctx, x)), targets, loc);
      parts.push(tf.keep(d.cls), tf.keep(d.box), tf.keep(d.quality));
      return d.total;
    }, vars);
    const losses = {
      cls: parts[0]!.dataSync()[0]!,
      box: parts[1]!.dataSync()[0]!,
      quality: parts[2]!.dataSync()[0]!,
      total: value.dataSync()[0]!,
    };
    const flat = new Float32Array(this.params.size((s) => s.trainable));
    let off = 0;
    for (const v of vars) {
      const g = grads[v.name];
      if (g) flat.set(g.dataSync(), off);
      off += v.size;
    }
    const bnStats = this.collectStats(ctx.stats, ctx.statNames);
    tf.dispose([value, ...parts, ...Object.values(grads)]);
    for (const s of ctx.stats) tf.dispose([s.mean, s.variance]);
    return { losses, grads: flat, bnStats };
  }

  /** `trainStep` on RGB input images and their targets (as `imagesToTensor` and `targetsToTensors` take them). */
  trainImages(images: Uint8Array[], targets: Targets[]): StepResult {
    const x = imagesToTensor(images, this.cfg.imageSize);
    const t = targetsToTensors(targets, this.cfg.classes.length, this.loc);
    try {
      return this.trainStep(x, t);
    } finally {
      x.dispose();
      disposeTargets(t);
    }
  }

  /** Batch statistics in spec order of the batch norms (a norm used twice keeps its last call). */
  private collectStats(stats: BatchStats[], names: string[]): Float32Array {
    const byName = new Map<string, BatchStats>();
    names.forEach((n, i) => byName.set(n, stats[i]!));
    const out: number[] = [];
    for (const s of this.params.specs) {
      if (!s.name.endsWith('.mean')) continue;
      const st = byName.get(s.name.slice(0, -'.mean'.length));
      if (!st) throw new Error(`No batch statistics for ${s.name}`);
      out.push(...st.mean.dataSync(), ...st.variance.dataSync());
    }
    return Float32Array.from(out);
  }

  /** `predict` on RGB input images ([S * S * 3] bytes each, as `imagesToTensor` takes them). */
  predictImages(images: Uint8Array[]): Float32Array[] {
    const x = imagesToTensor(images, this.cfg.imageSize);
    try {
      return this.predict(x);
    } finally {
      x.dispose();
    }
  }

  /**
   * Inference with batch norm folded into the convolutions.
   * @param x [N, S, S, 3] normalised images
   * @returns per image a Float32Array [P * (C + 5)]
   */
  predict(x: Tensor4D): Float32Array[] {
    this.folded ??= foldBatchNorms(this.params);
    const levels = tf.tidy(() => this.forward(makeCtx(this.params, false, this.folded), x));
    const n = x.shape[0];
    const width = levels[0]!.shape[3];
    const out = Array.from({ length: n }, () => new Float32Array(this.loc.count * width));
    let off = 0;
    for (const y of levels) {
      const data = y.dataSync() as Float32Array;
      const per = data.length / n;
      for (let b = 0; b < n; b++) out[b]!.set(data.subarray(b * per, (b + 1) * per), off);
      off += per;
    }
    tf.dispose(levels);
    return out;
  }

  dispose(): void {
    this.invalidate();
    for (const t of this.locTensors.values()) tf.dispose([t.x, t.y, t.stride]);
    this.locTensors.clear();
    this.params.dispose();
  }
}
