import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

/** The experiments channels over `s.experiments`. */
export function experimentsHandlers(s: Services): HandlersFor<'experiments'> {
  const x = s.experiments;
  return {
    'experiments:list': ({ includeArchived, limit }) => x.list(includeArchived, limit),
    'experiments:get': ({ runId }) => x.get(runId),
    'experiments:rename': ({ runId, name }) => x.rename(runId, name),
    'experiments:annotate': ({ runId, notes, tags }) => x.annotate(runId, { notes, tags }),
    'experiments:archive': ({ runId, archived }) => x.archive(runId, archived),
    'experiments:delete': ({ runId }) => x.delete(runId),
    'experiments:lineage': ({ runId }) => x.lineage(runId),
    'experiments:draft': ({ runId }) => x.draft(runId),
    'experiments:reproduce': ({ runId }) => x.reproduce(runId),
    'experiments:compare': ({ runIds, names }) => x.compare(runIds, names),
    'experiments:preset': ({ by }) => x.preset(by),
    'experiments:metricsCsv': ({ runIds, names }) => x.metricsCsv(runIds, names),
    'experiments:datasetMix': ({ datasetId }) => x.datasetMix(datasetId),
    'experiments:estimate': ({ request }) => x.estimate(request),
    'experiments:measure': ({ request }) => x.startMeasure(request),
    'experiments:weightOptions': () => x.weightOptions(),
  };
}

/** The sweeps channels over `s.sweeps`. */
export function sweepsHandlers(s: Services): HandlersFor<'sweeps'> {
  return {
    'sweeps:create': (req) => s.sweeps.create(req),
    'sweeps:list': () => s.sweeps.list(),
    'sweeps:get': ({ sweepId }) => s.sweeps.get(sweepId),
    'sweeps:cancel': ({ sweepId }) => s.sweeps.cancel(sweepId),
    'sweeps:resume': ({ sweepId }) => s.sweeps.resume(sweepId),
  };
}
