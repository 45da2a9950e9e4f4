import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

/** Channels of the evaluation domain. */
export function evaluationHandlers(s: Services): HandlersFor<'evaluation'> {
  return {
    'evaluation:models': () => s.evaluation.models(),
    'evaluation:errorAnalysis': ({ modelKey, datasetId, split, autoInfer, mistakeScore }) =>
      s.evaluation.errorAnalysis(
        { modelKey, datasetId: datasetId ?? null, split: split ?? null },
        { ...(autoInfer !== undefined ? { autoInfer } : {}), ...(mistakeScore !== undefined ? { mistakeScore } : {}) },
      ),
    'evaluation:curves': ({ modelKey, datasetId, split, threshold }) =>
      s.evaluation.metrics({ modelKey, datasetId: datasetId ?? null, split: split ?? null }, threshold),
    'evaluation:crops': ({ items }) => s.evaluation.crops(items.map((it) => ({ pageId: it.pageId, box: it.box }))),
    'evaluation:runInference': ({ modelKey, datasetId, split, replace }) =>
      s.evaluation.runInference({ modelKey, datasetId: datasetId ?? null, split: split ?? null }, replace ?? false),
  };
}
