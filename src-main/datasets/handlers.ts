import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';
import type { ExportJobParams } from './export-job';

/** The datasets channels over `s.datasets`. */
export function datasetsHandlers(s: Services): HandlersFor<'datasets'> {
  return {
    'datasets:list': () => s.datasets.list(),
    'datasets:create': ({ name, description }) => s.datasets.create(name, description),
    'datasets:assignSplit': ({ datasetId, documentIds, split }) =>
      s.datasets.assignSplit(datasetId, documentIds, split),
    'datasets:setTestFrozen': ({ datasetId, frozen }) => s.datasets.setTestFrozen(datasetId, frozen),
    'datasets:suggestSplits': ({ datasetId, ...opts }) => s.datasets.suggestSplits(datasetId, opts),
    'datasets:stats': ({ datasetId, split }) => s.datasets.stats(datasetId, split),
    'datasets:validate': (req) => s.datasets.validate(req),
    'datasets:hash': ({ datasetId }) => ({ hash: s.datasets.hash(datasetId) }),
    'datasets:startExport': (req) => s.jobs.start<ExportJobParams>('export', req),
  };
}
