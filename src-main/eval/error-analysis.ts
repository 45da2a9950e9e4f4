import { boxArea } from '../shared/boxes';
import type { ErrorAnalysisDTO, LabelMistakeDTO, PageErrorsDTO } from '../shared/contract/evaluation';
import { bestThreshold, type ScoredOutcome } from './curves';
import { matchPage } from './greedy-match';
import type { EvalPage } from './page-data';

/** Below this IoU a box has "nothing nearby". */
export const NEARBY_IOU = 0.1;
const MAX_MISTAKES = 200;

function pageErrors(p: EvalPage, loss: number | null): PageErrorsDTO {
  const m = matchPage(p.gt, p.pred);
  return {
    pageId: p.pageId,
    documentId: p.documentId,
    documentName: p.documentName,
    pageIndex: p.pageIndex,
    width: p.width,
    height: p.height,
    synthetic: p.synthetic,
    loss,
    gt: p.gt.map((g, i) => {
      const pi = m.gtPred[i]!;
      return {
        annotationId: g.id,
        class: g.class,
        box: g.box,
        style: g.style,
        matchScore: pi === -1 ? null : p.pred[pi]!.score,
        bestIou: m.gtBestIou[i]!,
      };
    }),
    pred: p.pred.map((d, i) => ({
      predictionId: d.id,
      class: d.class,
      box: d.box,
      score: d.score,
      tp: m.predGt[i] !== -1,
      bestIou: m.predBestIou[i]!,
    })),
  };
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Likely label mistakes: a confident prediction with no ground truth nearby (maybe a missing
 * annotation) and ground truth that no prediction of any class or score comes near (maybe wrong).
 */
export function labelMistakes(pages: readonly PageErrorsDTO[], mistakeScore: number): LabelMistakeDTO[] {
  const missing: LabelMistakeDTO[] = [];
  const wrong: (LabelMistakeDTO & { area: number })[] = [];
  for (const p of pages) {
    for (const d of p.pred) {
      if (d.tp || d.score < mistakeScore || d.bestIou >= NEARBY_IOU) continue;
      missing.push({
        kind: 'missing-annotation',
        pageId: p.pageId,
        class: d.class,
        box: d.box,
        score: d.score,
        annotationId: null,
        predictionId: d.predictionId,
        reason: `The model is ${pct(d.score)} sure of a ${d.class.replace('_', ' ')} here, but nothing is annotated nearby: maybe an annotation is missing.`,
      });
    }
    if (p.pred.length === 0) continue;
    for (const g of p.gt) {
      if (g.bestIou >= NEARBY_IOU) continue;
      wrong.push({
        kind: 'wrong-annotation',
        pageId: p.pageId,
        class: g.class,
        box: g.box,
        score: null,
        annotationId: g.annotationId,
        predictionId: null,
        area: boxArea(g.box),
        reason: `No prediction of any class comes near this ${g.class.replace('_', ' ')} box: maybe it is wrong or misplaced.`,
      });
    }
  }
  missing.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  wrong.sort((a, b) => b.area - a.area);
  return [...missing.slice(0, MAX_MISTAKES), ...wrong.slice(0, MAX_MISTAKES).map(({ area: _area, ...rest }) => rest)];
}

/** The redaction class's best-F1 confidence (IoU 0.50), or 0.5 when there is none. */
export function suggestedThreshold(pages: readonly PageErrorsDTO[]): number {
  const outcomes: ScoredOutcome[] = [];
  let numGt = 0;
  for (const p of pages) {
    numGt += p.gt.filter((g) => g.class === 'redaction').length;
    for (const d of p.pred) if (d.class === 'redaction') outcomes.push({ score: d.score, tp: d.tp });
  }
  return bestThreshold(outcomes, numGt)?.threshold ?? 0.5;
}

/** Per-page ground truth vs predictions with match scores, and likely label mistakes. */
export function analyzeErrors(
  pages: readonly EvalPage[],
  opts: { mistakeScore: number; losses?: ReadonlyMap<number, number> },
): Pick<ErrorAnalysisDTO, 'pages' | 'mistakes'> {
  const out = pages.map((p) => pageErrors(p, opts.losses?.get(p.pageId) ?? null));
  return { pages: out, mistakes: labelMistakes(out, opts.mistakeScore) };
}
