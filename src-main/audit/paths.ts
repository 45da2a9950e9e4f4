import type { Box } from '../shared/boxes';
import { apply, unionBox, type Matrix } from './geometry';

/** pdfjs' path drawing codes inside `constructPath` data. */
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

export interface PathShape {
  box: Box;
  rect: boolean;
}

interface SubPath {
  points: [number, number][];
  curved: boolean;
}

function toNumbers(data: unknown): number[] {
  if (!data || typeof data !== 'object') return [];
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return Array.from(data as ArrayLike<number>);
  const o = data as Record<string, unknown>;
  const out: number[] = [];
  for (let i = 0; typeof o[i] === 'number'; i++) out.push(o[i] as number);
  return out;
}

function splitSubPaths(d: number[], ctm: Matrix): SubPath[] {
  const subs: SubPath[] = [];
  let cur: SubPath | null = null;
  const point = (x: number, y: number): void => {
    cur ??= { points: [], curved: false };
    cur.points.push(apply(ctm, x, y));
  };
  for (let i = 0; i < d.length;) {
    const op = d[i++];
    if (op === MOVE) {
      if (cur) subs.push(cur);
      cur = null;
      point(d[i] ?? 0, d[i + 1] ?? 0);
      i += 2;
    } else if (op === LINE) {
      point(d[i] ?? 0, d[i + 1] ?? 0);
      i += 2;
    } else if (op === CURVE || op === QUAD) {
      const n = op === CURVE ? 6 : 4;
      for (let k = 0; k < n; k += 2) point(d[i + k] ?? 0, d[i + k + 1] ?? 0);
      if (cur) (cur as SubPath).curved = true;
      i += n;
    } else if (op === CLOSE) {
      if (cur) subs.push(cur);
      cur = null;
    } else break; // unknown code: stop rather than misread the rest
  }
  if (cur) subs.push(cur);
  return subs.filter((s) => s.points.length >= 2);
}

function bounds(points: [number, number][]): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** True when the straight sub-path visits exactly the four corners of its bounds. */
function isAxisRect(s: SubPath, b: Box, eps = 0.01): boolean {
  if (s.curved) return false;
  const pts = s.points.filter((p, i, a) => {
    const prev = a[i - 1];
    return !prev || Math.abs(prev[0] - p[0]) > eps || Math.abs(prev[1] - p[1]) > eps;
  });
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length === 5 && first && last && Math.abs(first[0] - last[0]) <= eps && Math.abs(first[1] - last[1]) <= eps) {
    pts.pop();
  }
  if (pts.length !== 4) return false;
  const onX = (x: number): boolean => Math.abs(x - b[0]) <= eps || Math.abs(x - b[2]) <= eps;
  const onY = (y: number): boolean => Math.abs(y - b[1]) <= eps || Math.abs(y - b[3]) <= eps;
  const corners = new Set(
    pts.map((p) => `${Math.abs(p[0] - b[0]) <= eps ? 0 : 1}${Math.abs(p[1] - b[1]) <= eps ? 0 : 1}`),
  );
  return pts.every((p) => onX(p[0]) && onY(p[1])) && corners.size === 4;
}

/** +1 or -1: the direction a sub-path turns (shoelace sign). */
function orientation(points: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i] ?? [0, 0];
    const [x1, y1] = points[(i + 1) % points.length] ?? [0, 0];
    s += x0 * y1 - x1 * y0;
  }
  return s >= 0 ? 1 : -1;
}

function contains(outer: Box, inner: Box): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

interface RectSub {
  box: Box;
  dir: number;
}

/**
 * Keeps the rectangles that are solid: a rectangle with another one of the same path inside it
 * is a frame (its middle is a hole or a separate bar), and a rectangle whose centre is not
 * filled under the path's fill rule (even-odd, or non-zero winding) is a hole.
 */
function solidRects(rects: RectSub[], evenOdd: boolean): Box[] {
  return rects
    .filter((r) => !rects.some((o) => o !== r && contains(r.box, o.box) && !contains(o.box, r.box)))
    .filter((r) => {
      const cx = (r.box[0] + r.box[2]) / 2;
      const cy = (r.box[1] + r.box[3]) / 2;
      const around = rects.filter((o) => cx > o.box[0] && cx < o.box[2] && cy > o.box[1] && cy < o.box[3]);
      return evenOdd ? around.length % 2 === 1 : around.reduce((s, o) => s + o.dir, 0) !== 0;
    })
    .map((r) => r.box);
}

/**
 * The filled shapes of one `constructPath` operand, in page space: each solid rectangle on its
 * own (a multi-line redaction is several bars, never their combined bounds; frames and holes
 * are left out), or, for a path with no rectangle at all (rounded boxes drawn with curves), the
 * bounds of the whole path.
 */
export function readPath(data: unknown, ctm: Matrix, evenOdd = false): PathShape[] {
  const subs = splitSubPaths(toNumbers(data), ctm);
  const rects: RectSub[] = [];
  const others: Box[] = [];
  for (const s of subs) {
    const b = bounds(s.points);
    if (isAxisRect(s, b)) rects.push({ box: b, dir: orientation(s.points) });
    else others.push(b);
  }
  if (rects.length > 0) return solidRects(rects, evenOdd).map((box) => ({ box, rect: true }));
  const u = unionBox(others);
  return u ? [{ box: u, rect: false }] : [];
}
