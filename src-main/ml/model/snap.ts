/**
 * Fits a predicted redaction box to the filled area it sits on. The network's box edges are a
 * few pixels off, and a bar beside a pleading's line numbers or a margin rule is often drawn
 * reaching over them; a solid box's real edges are where its fill starts, so each edge moves to
 * the first run of mostly-filled columns (rows) inside it, or out over filled ones just beyond it.
 * Boxes that are not mostly filled (white boxes with a border, marker strokes, photos) are left
 * as they are.
 */

/** A grey image, one byte per pixel, or RGB with `channels` 3 (the first channel is read). */
export interface InkImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Share of a box's pixels that must be filled for it to be snapped. */
const FILLED_BOX = 0.6;
/** A column (row) is filled when this share of its pixels inside the box is. */
const FILLED_LINE = 0.5;
/** An edge stops at this many filled columns (rows) in a row, so thin rules are passed over. */
const RUN = 3;
/** An edge moves in by at most this share of the box's width (height). */
const MAX_SHRINK = 0.4;
/** An edge moves out over filled columns (rows) by at most this many pixels. */
const MAX_GROW = 3;

/** The box [x0, y0, x1, y1] (pixels of `img`) fitted to its fill, or the box itself. */
export function snapToFill(box: [number, number, number, number], img: InkImage): [number, number, number, number] {
  const { data, width, height, channels } = img;
  const X0 = Math.max(0, Math.round(box[0]));
  const Y0 = Math.max(0, Math.round(box[1]));
  const X1 = Math.min(width, Math.round(box[2]));
  const Y1 = Math.min(height, Math.round(box[3]));
  const w = X1 - X0;
  const h = Y1 - Y0;
  if (w < 4 || h < 3) return box;
  const px = (x: number, y: number): number => data[(y * width + x) * channels]!;
  // the fill level is the box's median; filled = darker than three quarters of the way from it to
  // paper, so the blurred rim of a scanned bar counts as filled (labels include it)
  const hist = new Uint32Array(256);
  for (let y = Y0; y < Y1; y++) for (let x = X0; x < X1; x++) hist[px(x, y)]!++;
  let seen = 0;
  let median = 0;
  while (median < 255 && (seen += hist[median]!) < (w * h) / 2) median++;
  if (median > 180) return box;
  const level = median + 0.75 * (235 - median);
  let filled = 0;
  for (let v = 0; v < level; v++) filled += hist[v]!;
  if (filled < FILLED_BOX * w * h) return box;

  // each column is counted once (edges test runs of them), 0 = not yet, 1 = filled, 2 = not
  const cols = new Uint8Array(width);
  const colFilled = (x: number): boolean => {
    if (x < 0 || x >= width) return false;
    if (cols[x] === 0) {
      let n = 0;
      for (let y = Y0; y < Y1; y++) if (px(x, y) < level) n++;
      cols[x] = n >= FILLED_LINE * h ? 1 : 2;
    }
    return cols[x] === 1;
  };
  const rowFilled = (y: number, a: number, b: number): boolean => {
    if (y < 0 || y >= height) return false;
    let n = 0;
    for (let x = a; x < b; x++) if (px(x, y) < level) n++;
    return n >= FILLED_LINE * (b - a);
  };
  const run = Math.min(RUN, Math.max(1, Math.floor(h / 2)));
  /** The first position from `from` stepping by `step` that starts `k` filled lines, within `limit` steps. */
  const edge = (from: number, step: number, limit: number, k: number, filledAt: (i: number) => boolean): number => {
    for (let i = 0; i <= limit; i++) {
      let ok = true;
      for (let j = 0; j < k && ok; j++) ok = filledAt(from + step * (i + j));
      if (ok) return from + step * i;
    }
    return from;
  };
  /** Moves out from `from` while the next line is filled (outside the image none is), at most MAX_GROW. */
  const grow = (from: number, step: number, filledAt: (i: number) => boolean): number => {
    let p = from;
    for (let i = 0; i < MAX_GROW && filledAt(p + step); i++) p += step;
    return p;
  };
  const maxX = Math.floor(w * MAX_SHRINK);
  let left = edge(X0, 1, maxX, run, colFilled);
  let right = edge(X1 - 1, -1, maxX, run, colFilled);
  if (right - left < 2) return box;
  if (left === X0) left = grow(X0, -1, colFilled);
  if (right === X1 - 1) right = grow(X1 - 1, 1, colFilled);
  const rows = (y: number): boolean => rowFilled(y, left, right + 1);
  const maxY = Math.floor(h * MAX_SHRINK);
  const rowRun = Math.min(2, Math.max(1, Math.floor(h / 3)));
  let top = edge(Y0, 1, maxY, rowRun, rows);
  let bottom = edge(Y1 - 1, -1, maxY, rowRun, rows);
  if (bottom - top < 1) return box;
  if (top === Y0) top = grow(Y0, -1, rows);
  if (bottom === Y1 - 1) bottom = grow(Y1 - 1, 1, rows);
  return [left, top, right + 1, bottom + 1];
}
