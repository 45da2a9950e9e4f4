/**
 * Seeded pseudo-random numbers for the page generator. Every random choice of a page comes from an
 * `Rng` derived from (seed, page index, stream name), so a page is reproducible on its own and the
 * streams (layout, redactions, ageing) do not shift when one of them draws more numbers.
 * sfc32 generator, seeded through a 32-bit string/number hash (no Math.random, no clock).
 */

/** 32-bit FNV-1a-style mix of any number of numbers and strings. */
export function hash32(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  const mix = (v: number): void => {
    h ^= v & 0xffff;
    h = Math.imul(h, 0x01000193);
    h ^= v >>> 16;
    h = Math.imul(h, 0x01000193);
  };
  for (const p of parts) {
    if (typeof p === 'number') {
      // split a safe integer (or a float) into two 32-bit halves
      const hi = Math.floor(p / 4294967296);
      mix(p >>> 0);
      mix(hi >>> 0);
    } else {
      for (let i = 0; i < p.length; i++) mix(p.charCodeAt(i));
      mix(p.length);
    }
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seedParts: (number | string)[]) {
    this.a = hash32(...seedParts, 'a');
    this.b = hash32(...seedParts, 'b');
    this.c = hash32(...seedParts, 'c');
    this.d = hash32(...seedParts, 'd') | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A derived generator for a named sub-stream; does not advance this one. */
  fork(name: string): Rng {
    return new Rng(this.a, this.b, this.c, this.d, name);
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight (zero weights never). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += Math.max(0, weights[k]);
    if (total <= 0) return keys[0] as K;
    let r = this.next() * total;
    for (const k of keys) {
      r -= Math.max(0, weights[k]);
      if (r < 0) return k;
    }
    return keys[keys.length - 1] as K;
  }

  /** Approximately normal (sum of four uniforms), mean 0, standard deviation `sd`. */
  normal(sd = 1): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508 * sd;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }
}
