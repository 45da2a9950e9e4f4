import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

/** The runs channels over `s.training`. */
export function runsHandlers(s: Services): HandlersFor<'runs'> {
  return {
    'runs:start': (req) => s.training.start(req),
    'runs:stop': ({ runId }) => s.training.stop(runId),
    'runs:resume': ({ runId }) => s.training.resume(runId),
    'runs:list': ({ limit }) => s.training.list(limit),
    'runs:get': ({ runId }) => s.training.get(runId),
    'runs:exportModel': ({ runId, outDir }) => s.training.exportModel(runId, outDir),
    'runs:metrics': ({ runId, names, sinceStep }) => s.training.metrics(runId, names, sinceStep),
  };
}
