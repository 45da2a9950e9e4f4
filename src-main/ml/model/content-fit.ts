/**
 * The `content` box of a page is the extent of what is printed on it. The network sees such a box
 * at stride 32 and often gets its edges a few lines off (on some table and form pages a whole band
 * too wide and too short); the ink itself says where the print ends. Content AP50 / AP with the
 * network's boxes and with the ink extent: 300 held-out synthetic pages (seed 4004) 0.980 / 0.383
 * and 1.000 / 0.747; 100 form pages (white-boxes-forms, seed 5151) 1.000 / 0.492 and
 * 1.000 / 0.832. The network still decides whether there is a content box and its score. The
 * reports' content area of pages without a content box uses the same extent (`reports/ink.ts`).
 */
import type { Box } from '../../shared/boxes';
import type { InkImage } from './snap';

/** A pixel is ink when this many levels darker than the page's paper (its median). */
const INK_BELOW_PAPER = 80;
/** Rows (columns) with fewer ink pixels are specks, not print. */
const MIN_LINE_INK = 3;
/**
 * Rows (columns) dark over this share of the page, in a run from near its edge, are a scan
 * border or a binding shadow, not print.
 */
const BORDER_SHARE = 0.6;
/** How near the edge (share of the page) such a run must start. */
const EDGE_BAND = 0.05;
/** Share of the ink trimmed from each end (stray specks far from the print). */
const TRIM = 0.0005;
/** Fewer ink pixels than this: a blank page, and the network's box is kept. */
const MIN_INK = 50;

/**
 * The extent of the print inside `area` (pixels of `img`, e.g. the page inside a letterboxed
 * input), or null when there is too little ink to tell.
 */
export function inkExtent(img: InkImage, area: Box): Box | null {
  const { data, width, height, channels } = img;
  const X0 = Math.max(0, Math.floor(area[0]));
  const Y0 = Math.max(0, Math.floor(area[1]));
  const X1 = Math.min(width, Math.ceil(area[2]));
  const Y1 = Math.min(height, Math.ceil(area[3]));
  const w = X1 - X0;
  const h = Y1 - Y0;
  if (w < 8 || h < 8) return null;
  const hist = new Uint32Array(256);
  for (let y = Y0; y < Y1; y++) {
    for (let i = (y * width + X0) * channels, end = (y * width + X1) * channels; i < end; i += channels)
      hist[data[i]!]!++;
  }
  let seen = 0;
  let paper = 255;
  while (paper > 0 && (seen += hist[paper]!) < (w * h) / 2) paper--;
  const level = paper - INK_BELOW_PAPER;
  if (level <= 0) return null;
  // ink per row and column, then again without the scan borders and shadows along the edges, so
  // that their pixels do not stretch the other direction either
  const count = (skipRow: Uint8Array | null, skipCol: Uint8Array | null): [Uint32Array, Uint32Array] => {
    const rows = new Uint32Array(h);
    const cols = new Uint32Array(w);
    for (let y = Y0; y < Y1; y++) {
      if (skipRow?.[y - Y0]) continue;
      let n = 0;
      for (let x = X0, i = (y * width + X0) * channels; x < X1; x++, i += channels) {
        if (data[i]! < level && !skipCol?.[x - X0]) {
          n++;
          cols[x - X0]!++;
        }
      }
      rows[y - Y0] = n;
    }
    return [rows, cols];
  };
  const [rows0, cols0] = count(null, null);
  const borderRows = edgeRuns(rows0, BORDER_SHARE * w);
  const borderCols = edgeRuns(cols0, BORDER_SHARE * h);
  // most pages have no border: their first count stands
  const bordered = borderRows.includes(1) || borderCols.includes(1);
  const [rows, cols] = bordered ? count(borderRows, borderCols) : [rows0, cols0];
  const span = (counts: Uint32Array): [number, number] | null => {
    const keep = (v: number): number => (v >= MIN_LINE_INK ? v : 0);
    let total = 0;
    for (const v of counts) total += keep(v);
    if (total < MIN_INK) return null;
    const cut = TRIM * total;
    let a = 0;
    for (let s = 0; a < counts.length - 1 && s + keep(counts[a]!) < cut; a++) s += keep(counts[a]!);
    let b = counts.length - 1;
    for (let s = 0; b > a && s + keep(counts[b]!) < cut; b--) s += keep(counts[b]!);
    return [a, b + 1];
  };
  const xs = span(cols);
  const ys = span(rows);
  if (!xs || !ys) return null;
  return [X0 + xs[0], Y0 + ys[0], X0 + xs[1], Y0 + ys[1]];
}

/** Marks the lines with at least `dark` ink in runs that start within EDGE_BAND of either end. */
function edgeRuns(counts: Uint32Array, dark: number): Uint8Array {
  const n = counts.length;
  const mark = new Uint8Array(n);
  const band = Math.ceil(EDGE_BAND * n);
  for (let i = 0; i < n; i++) {
    if (counts[i]! >= dark && (i < band || mark[i - 1])) mark[i] = 1;
    else if (i >= band) break;
  }
  for (let i = n - 1; i >= 0; i--) {
    if (counts[i]! >= dark && (i >= n - band || mark[i + 1])) mark[i] = 1;
    else if (i < n - band) break;
  }
  return mark;
}
