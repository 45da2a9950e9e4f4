import { tf, type Tensor, type Variable } from '../tf';
import { Rng } from '../engine/rng';

/** How a parameter starts: He-normal for convolutions, constants for norms and biases. */
export type Init = { kind: 'he'; fanIn: number } | { kind: 'normal'; std: number } | { kind: 'const'; value: number };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
  /** Trained by the optimiser (false: a buffer such as a batch-norm running mean). */
  trainable: boolean;
  /** Weight decay applies (convolution kernels only). */
  decay: boolean;
}

/** A named set of weights laid out in one flat Float32Array, in registration order. */
export interface FlatWeights {
  names: string[];
  shapes: number[][];
  data: Float32Array;
}

/**
 * The detector's parameters: specs registered while the model is built (a fixed order), tf
 * variables created from a seeded generator, and conversion to and from flat arrays for
 * checkpoints, export and the data-parallel replicas.
 */
export class ParamStore {
  readonly specs: ParamSpec[] = [];
  private readonly vars = new Map<string, Variable>();

  /** Registers a parameter (at model construction). */
  add(name: string, shape: number[], init: Init, opts: { trainable?: boolean; decay?: boolean } = {}): string {
    if (this.specs.some((s) => s.name === name)) throw new Error(`Duplicate parameter ${name}`);
    this.specs.push({ name, shape, init, trainable: opts.trainable ?? true, decay: opts.decay ?? false });
    return name;
  }

  /** Initial values of every parameter from `seed`, flat in spec order (no tensors involved). */
  initialFlat(seed: number): Float32Array {
    const rng = new Rng(seed);
    const out = new Float32Array(this.size());
    let off = 0;
    for (const s of this.specs) {
      const v = initialValues(s, rng);
      out.set(v, off);
      off += v.length;
    }
    return out;
  }

  /** Offset of parameter `name` in the flat layout of `toFlat()` (all parameters). */
  offsetOf(name: string): number {
    let off = 0;
    for (const s of this.specs) {
      if (s.name === name) return off;
      off += sizeOf(s.shape);
    }
    throw new Error(`Unknown parameter ${name}`);
  }

  has(name: string): boolean {
    return this.specs.some((s) => s.name === name);
  }

  get(name: string): Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`Parameter ${name} is not initialised`);
    return v;
  }

  /** The trainable variables, in spec order. */
  trainable(): Variable[] {
    return this.specs.filter((s) => s.trainable).map((s) => this.get(s.name));
  }

  /** Number of scalars in the specs selected by `filter`. */
  size(filter: (s: ParamSpec) => boolean = () => true): number {
    return this.specs.filter(filter).reduce((a, s) => a + sizeOf(s.shape), 0);
  }

  /** Every value (trainable and buffers) as one flat array, in spec order. */
  toFlat(filter: (s: ParamSpec) => boolean = () => true): FlatWeights {
    const specs = this.specs.filter(filter);
    const data = new Float32Array(specs.reduce((a, s) => a + sizeOf(s.shape), 0));
    let off = 0;
    for (const s of specs) {
      const v = this.get(s.name).dataSync() as Float32Array;
      data.set(v, off);
      off += v.length;
    }
    return { names: specs.map((s) => s.name), shapes: specs.map((s) => s.shape), data };
  }

  /** Loads values written by `toFlat` with the same filter (creates missing variables). */
  fromFlat(data: Float32Array, filter: (s: ParamSpec) => boolean = () => true): void {
    let off = 0;
    for (const s of this.specs.filter(filter)) {
      const n = sizeOf(s.shape);
      if (off + n > data.length) throw new Error(`Weights end before parameter ${s.name}`);
      this.setVar(s, data.subarray(off, off + n));
      off += n;
    }
    if (off !== data.length) throw new Error(`Weights have ${data.length - off} values too many`);
  }

  /** Sets one parameter from values (creating its variable on first use). */
  private setVar(s: ParamSpec, values: Float32Array): void {
    const existing = this.vars.get(s.name);
    const t = tf.tensor(values, s.shape, 'float32');
    if (existing) {
      existing.assign(t);
      t.dispose();
    } else {
      this.vars.set(s.name, tf.variable(t, s.trainable, `${s.name}_${variableSuffix++}`));
      t.dispose();
    }
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

let variableSuffix = 0;

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function initialValues(s: ParamSpec, rng: Rng): Float32Array {
  const out = new Float32Array(sizeOf(s.shape));
  if (s.init.kind === 'const') return out.fill(s.init.value);
  const std = s.init.kind === 'he' ? Math.sqrt(2 / s.init.fanIn) : s.init.std;
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
  return out;
}

/** Disposes a list of tensors (convenience for result objects). */
export function disposeAll(ts: (Tensor | null | undefined)[]): void {
  for (const t of ts) t?.dispose();
}
