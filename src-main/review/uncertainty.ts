import { iou, type Box } from '../shared/boxes';

export interface ScoredBox {
  class: string;
  box: Box;
  score: number;
}

export interface PageSignals {
  /** Predictions not decided yet. */
  undecided: readonly ScoredBox[];
  /** Boxes already on the page (annotations), if any. */
  groundTruth: readonly { class: string; box: Box }[];
  /** The dark-pixel heuristic says the page has redaction bars. */
  looksRedacted: boolean;
  threshold: number;
}

/** How close to the threshold still counts as "near" it. */
export const NEAR = 0.15;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * How much a page needs a person: boxes whose scores sit near the threshold (each adds up to 1,
 * more the closer), overlapping boxes of different classes (the class scores disagree with the
 * box), boxes the annotations do not agree with, and a page that looks redacted by its dark
 * pixels while the detector finds nothing above the threshold (adds 2). Returns the score and
 * the reasons as sentences.
 */
export function pageUncertainty(s: PageSignals): { score: number; reasons: string[] } {
  const t = s.threshold;
  const reasons: string[] = [];
  let score = 0;
  let near = 0;
  for (const p of s.undecided) {
    const d = Math.abs(p.score - t);
    if (d <= 0.5) score += Math.max(0, 1 - d / 0.5) ** 2;
    if (d <= NEAR) near++;
  }
  if (near) reasons.push(`${plural(near, 'box', 'boxes')} near the threshold`);
  const shown = s.undecided.filter((p) => p.score >= t - NEAR);
  let conflicts = 0;
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i] as ScoredBox;
      const b = shown[j] as ScoredBox;
      if (a.class !== b.class && iou(a.box, b.box) >= 0.5) conflicts++;
    }
  }
  if (conflicts) {
    score += conflicts;
    reasons.push(`${plural(conflicts, 'box has', 'boxes have')} two competing classes`);
  }
  if (s.groundTruth.length) {
    const above = s.undecided.filter((p) => p.score >= t);
    const unmatched = above.filter((p) => !s.groundTruth.some((g) => g.class === p.class && iou(g.box, p.box) >= 0.5));
    if (unmatched.length) {
      score += 0.5 * unmatched.length;
      reasons.push(`${plural(unmatched.length, 'detection disagrees', 'detections disagree')} with the annotations`);
    }
  }
  const anyAbove = s.undecided.some((p) => p.score >= t) || s.groundTruth.some((g) => g.class === 'redaction');
  if (s.looksRedacted && !anyAbove) {
    score += 2;
    reasons.push('looks redacted (dark bars) but has no boxes above the threshold');
  }
  return { score: Math.round(score * 1000) / 1000, reasons };
}
