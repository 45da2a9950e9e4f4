/**
 * Stable argsort of `idx[lo..hi)` by `keys[idx]` descending (numpy's `argsort(-keys, kind='mergesort')`
 * order: equal keys keep their input order). Insertion sort for short runs, bottom-up merge otherwise.
 * `tmp` must hold at least `hi - lo` entries.
 */
export function argsortDescStable(keys: Float64Array, idx: Int32Array, lo: number, hi: number, tmp: Int32Array): void {
  const RUN = 16;
  for (let s = lo; s < hi; s += RUN) insertion(keys, idx, s, Math.min(s + RUN, hi));
  let src = idx;
  let dst = tmp;
  let srcOff = lo;
  let dstOff = 0;
  for (let width = RUN; width < hi - lo; width *= 2) {
    for (let s = 0; s < hi - lo; s += 2 * width) {
      merge(keys, src, srcOff, dst, dstOff, s, Math.min(s + width, hi - lo), Math.min(s + 2 * width, hi - lo));
    }
    [src, dst] = [dst, src];
    [srcOff, dstOff] = [dstOff, srcOff];
  }
  if (src !== idx) idx.set(src.subarray(srcOff, srcOff + (hi - lo)), lo);
}

function insertion(keys: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = idx[i]!;
    const kv = keys[v]!;
    let j = i - 1;
    while (j >= lo && keys[idx[j]!]! < kv) {
      idx[j + 1] = idx[j]!;
      j--;
    }
    idx[j + 1] = v;
  }
}

/** Merges runs [a, b) and [b, c) (offsets relative to the sorted range) from src into dst. */
function merge(
  keys: Float64Array,
  src: Int32Array,
  so: number,
  dst: Int32Array,
  dOff: number,
  a: number,
  b: number,
  c: number,
): void {
  let i = a;
  let j = b;
  let o = a;
  while (i < b && j < c) {
    // Take from the right run only when strictly greater: ties keep the left (earlier) element first.
    if (keys[src[so + j]!]! > keys[src[so + i]!]!) dst[dOff + o++] = src[so + j++]!;
    else dst[dOff + o++] = src[so + i++]!;
  }
  while (i < b) dst[dOff + o++] = src[so + i++]!;
  while (j < c) dst[dOff + o++] = src[so + j++]!;
}
