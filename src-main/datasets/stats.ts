import type { DatasetStatsDTO, HistogramDTO, Split } from '../shared/contract/datasets';
import type { DatasetPage } from './dataset-pages';

/** Bins for box sizes as a share of the page side (log-spaced: small boxes matter most). */
export const SIZE_EDGES = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.000001];
/** Bins for log2(width / height): from very tall (-6) to very wide (+6). */
export const ASPECT_EDGES = [-6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6.000001];

export function histogram(values: readonly number[], edges: readonly number[]): HistogramDTO {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const lo = edges[0]!;
  const hi = edges[edges.length - 1]!;
  for (const raw of values) {
    if (!Number.isFinite(raw)) continue;
    const v = Math.min(Math.max(raw, lo), hi - 1e-9);
    let i = 0;
    while (i < counts.length - 1 && v >= edges[i + 1]!) i++;
    counts[i]!++;
  }
  return { edges: [...edges], counts };
}

/**
 * A page someone (or an import with labels) has said something about: it has boxes, or it was
 * marked "contains redactions" / "no redactions". Only such pages are training data; a page nobody
 * annotated yet is not a negative example, it is unknown.
 */
export function isLabelled(p: Pick<DatasetPage, 'boxes' | 'hasRedactions'>): boolean {
  return p.boxes.length > 0 || p.hasRedactions !== null;
}

/** Counts and histograms of a set of pages (redaction boxes for the size and aspect histograms). */
export function computeStats(datasetId: number, split: Split | 'all', pages: readonly DatasetPage[]): DatasetStatsDTO {
  const perClass = { redaction: 0, content: 0, exemption_label: 0 };
  const pagesPerSplit = { train: 0, val: 0, test: 0, unassigned: 0 };
  const widths: number[] = [];
  const heights: number[] = [];
  const aspects: number[] = [];
  const docs = new Set<number>();
  let negatives = 0;
  let unlabelled = 0;
  let boxes = 0;
  for (const p of pages) {
    docs.add(p.documentId);
    pagesPerSplit[p.split ?? 'unassigned']++;
    let redactions = 0;
    for (const b of p.boxes) {
      boxes++;
      perClass[b.class]++;
      if (b.class !== 'redaction') continue;
      redactions++;
      const w = b.box[2] - b.box[0];
      const h = b.box[3] - b.box[1];
      widths.push(w / p.width);
      heights.push(h / p.height);
      aspects.push(Math.log2(w / h));
    }
    if (!isLabelled(p)) unlabelled++;
    else if (redactions === 0) negatives++;
  }
  return {
    datasetId,
    split,
    documents: docs.size,
    pages: pages.length,
    boxes,
    boxesPerClass: perClass,
    negativePages: negatives,
    negativeShare: pages.length ? negatives / pages.length : 0,
    unlabelledPages: unlabelled,
    boxWidth: histogram(widths, SIZE_EDGES),
    boxHeight: histogram(heights, SIZE_EDGES),
    aspect: histogram(aspects, ASPECT_EDGES),
    pagesPerSplit,
  };
}
