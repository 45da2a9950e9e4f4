import { CLASSES, toCoco, type Box, type BoxClass } from '../shared/boxes';
import type {
  ClassCurvesDTO,
  CoverageDTO,
  EvalMetricsDTO,
  EvalSelectionDTO,
  StyleMetricsDTO,
  SubsetMetricsDTO,
} from '../shared/contract/evaluation';
import { evaluateCoco } from './coco';
import type { CocoDetection, CocoGroundTruth, CocoEvalResult } from './coco-types';
import { confusion } from './confusion';
import { unionAreas } from './coverage';
import { bestThreshold, f1Curve, prCurve, type ScoredOutcome } from './curves';
import { matchPage, type PageMatch } from './greedy-match';
import type { EvalPage } from './page-data';

/** Category id of a class in our COCO files: its position in CLASSES plus one. */
export function categoryId(c: BoxClass): number {
  return CLASSES.indexOf(c) + 1;
}

/** COCO ground truth and results for pages (image id = page id; area = w * h; no crowd). */
export function pagesToCoco(pages: readonly EvalPage[]): { gt: CocoGroundTruth; dt: CocoDetection[] } {
  const gt: CocoGroundTruth = {
    images: pages.map((p) => ({ id: p.pageId, width: p.width, height: p.height })),
    categories: CLASSES.map((name) => ({ id: categoryId(name), name })),
    annotations: [],
  };
  const dt: CocoDetection[] = [];
  for (const p of pages) {
    for (const g of p.gt) {
      const bbox = toCoco(g.box);
      gt.annotations.push({
        id: g.id,
        image_id: p.pageId,
        category_id: categoryId(g.class),
        bbox,
        area: bbox[2] * bbox[3],
        iscrowd: 0,
      });
    }
    for (const d of p.pred)
      dt.push({ image_id: p.pageId, category_id: categoryId(d.class), bbox: toCoco(d.box), score: d.score });
  }
  return { gt, dt };
}

function coverageOf(
  pages: readonly EvalPage[],
  threshold: number,
  gtFilter: (style: string | null) => boolean = () => true,
): CoverageDTO {
  let gtArea = 0;
  let predArea = 0;
  let overlapArea = 0;
  for (const p of pages) {
    const g: Box[] = p.gt.filter((b) => b.class === 'redaction' && gtFilter(b.style)).map((b) => b.box);
    const d: Box[] = p.pred.filter((b) => b.class === 'redaction' && b.score >= threshold).map((b) => b.box);
    const u = unionAreas(g, d);
    gtArea += u.a;
    predArea += u.b;
    overlapArea += u.both;
  }
  return {
    threshold,
    recall: gtArea > 0 ? overlapArea / gtArea : null,
    precision: predArea > 0 ? overlapArea / predArea : null,
    gtArea,
    predArea,
    overlapArea,
  };
}

function classCurves(
  pages: readonly EvalPage[],
  matches: readonly PageMatch[],
  coco: CocoEvalResult,
): ClassCurvesDTO[] {
  return CLASSES.map((cls) => {
    const outcomes: ScoredOutcome[] = [];
    let numGt = 0;
    pages.forEach((p, i) => {
      numGt += p.gt.filter((g) => g.class === cls).length;
      p.pred.forEach((d, j) => {
        if (d.class === cls) outcomes.push({ score: d.score, tp: matches[i]!.predGt[j] !== -1 });
      });
    });
    const cat = coco.perCategory.find((c) => c.categoryId === categoryId(cls));
    return {
      class: cls,
      numGt,
      numPred: outcomes.length,
      AP: cat?.AP ?? -1,
      AP50: cat?.AP50 ?? -1,
      pr: prCurve(outcomes, numGt),
      f1: f1Curve(outcomes, numGt),
      best: bestThreshold(outcomes, numGt),
    };
  });
}

function byStyle(pages: readonly EvalPage[], matches: readonly PageMatch[], threshold: number): StyleMetricsDTO[] {
  const styles = new Map<string, { n: number; hit: number }>();
  pages.forEach((p, i) => {
    p.gt.forEach((g, gi) => {
      if (g.class !== 'redaction' || !g.style) return;
      const s = styles.get(g.style) ?? { n: 0, hit: 0 };
      const pi = matches[i]!.gtPred[gi]!;
      s.n++;
      if (pi !== -1 && p.pred[pi]!.score >= threshold) s.hit++;
      styles.set(g.style, s);
    });
  });
  return [...styles.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([style, s]) => ({
      style,
      numGt: s.n,
      recall: s.n > 0 ? s.hit / s.n : null,
      coverageRecall: coverageOf(pages, threshold, (st) => st === style).recall,
    }));
}

function subset(pages: readonly EvalPage[], threshold: number): SubsetMetricsDTO | null {
  if (pages.length === 0) return null;
  const { gt, dt } = pagesToCoco(pages);
  return { pages: pages.length, summary: evaluateCoco(gt, dt).summary, coverage: coverageOf(pages, threshold) };
}

/**
 * Everything the run's metrics view shows for pages with ground truth and one model's predictions:
 * COCO numbers, per-class PR / F1 curves with the best threshold, confusion, area coverage, recall by
 * box style, and real vs synthetic pages. `threshold` defaults to the redaction class's best-F1 one.
 */
export function computeMetrics(
  pages: readonly EvalPage[],
  selection: EvalSelectionDTO,
  pagesWithoutPredictions: number,
  threshold?: number,
): EvalMetricsDTO {
  const { gt, dt } = pagesToCoco(pages);
  const coco = evaluateCoco(gt, dt);
  const matches = pages.map((p) => matchPage(p.gt, p.pred));
  const perClass = classCurves(pages, matches, coco);
  const thr = threshold ?? perClass.find((c) => c.class === 'redaction')?.best?.threshold ?? 0.5;
  return {
    selection,
    pages: pages.length,
    pagesWithoutPredictions,
    threshold: thr,
    summary: coco.summary,
    perClass,
    confusion: confusion(pages, thr),
    coverage: coverageOf(pages, thr),
    byStyle: byStyle(pages, matches, thr),
    real: subset(
      pages.filter((p) => !p.synthetic),
      thr,
    ),
    synthetic: subset(
      pages.filter((p) => p.synthetic),
      thr,
    ),
  };
}
