import { describe, expect, it } from 'vitest';
import { ErrorAnalysisState } from '../../src-renderer/src/lib/state/error-analysis.svelte';
import type { ErrorAnalysisDTO, PageErrorsDTO } from '../../src-main/shared/contract/evaluation';

function page(pageId: number, pred: [number, boolean][], gt: (number | null)[]): PageErrorsDTO {
  return {
    pageId,
    documentId: 1,
    documentName: 'doc.pdf',
    pageIndex: pageId - 1,
    width: 600,
    height: 800,
    synthetic: false,
    loss: pageId === 2 ? 0.7 : null,
    pred: pred.map(([score, tp], i) => ({
      predictionId: pageId * 10 + i,
      class: 'redaction',
      box: [i, i, i + 10, i + 10],
      score,
      tp,
      bestIou: tp ? 0.9 : 0,
    })),
    gt: gt.map((matchScore, i) => ({
      annotationId: pageId * 10 + i,
      class: 'redaction',
      box: [i, i, i + 10, i + 10],
      style: null,
      matchScore,
      bestIou: 0.5,
    })),
  };
}

function data(pages: PageErrorsDTO[]): ErrorAnalysisDTO {
  return {
    selection: { modelKey: 'run:1', datasetId: null, split: null },
    pages,
    pagesWithoutPredictions: 0,
    mistakes: [],
    suggestedThreshold: 0.5,
    inferenceJob: null,
    inferenceMessage: null,
  };
}

describe('ErrorAnalysisState', () => {
  it('counts false positives and negatives per page at the confidence threshold', () => {
    const st = new ErrorAnalysisState();
    st.data = data([
      page(
        1,
        [
          [0.9, true],
          [0.6, false],
          [0.3, false],
        ],
        [0.9],
      ),
      page(2, [[0.4, true]], [0.4, null]),
    ]);
    st.setThreshold(0.5);
    expect(st.rows.map((r) => [r.fp, r.fn, r.tp])).toEqual([
      [1, 0, 1],
      [0, 2, 0],
    ]);
    st.setThreshold(0.2);
    expect(st.rows.map((r) => [r.fp, r.fn])).toEqual([
      [2, 0],
      [0, 1],
    ]);
    expect(st.totals).toEqual({ fp: 2, fn: 1, tp: 2 });
  });

  it('sorts pages by false negatives, false positives or loss and lists the matching patches', () => {
    const st = new ErrorAnalysisState();
    st.data = data([
      page(1, [[0.9, false]], [0.9]),
      page(2, [], [null, null]),
      page(
        3,
        [
          [0.8, false],
          [0.7, false],
        ],
        [],
      ),
    ]);
    st.setThreshold(0.5);
    expect(st.sortedRows.map((r) => r.page.pageId)).toEqual([2, 1, 3]); // fn, descending
    st.sortBy('fp');
    expect(st.sortedRows.map((r) => r.page.pageId)).toEqual([3, 1, 2]);
    st.sortBy('loss');
    expect(st.sortedRows[0]!.page.pageId).toBe(2);
    st.sortBy('fp');
    st.patchKind = 'fp';
    expect(st.patches.map((p) => p.key)).toEqual(['fp:30', 'fp:31', 'fp:10']);
    st.patchKind = 'fn';
    expect(st.patches.every((p) => p.kind === 'fn')).toBe(true);
    expect(st.patches).toHaveLength(2);
  });
});
