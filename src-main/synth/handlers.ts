import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

export function synthHandlers(s: Services): HandlersFor<'synth'> {
  return {
    'synth:profiles': () => s.synth.profiles.list(),
    'synth:saveProfile': ({ name, description, settings }) => s.synth.profiles.save(name, description, settings),
    'synth:deleteProfile': ({ name }) => ({ deleted: s.synth.profiles.delete(name) }),
    'synth:preview': ({ settings, seed, count, first }) => s.synth.preview(settings, seed, count, first ?? 0),
    'synth:generate': (req) => s.synth.startGenerate(req),
    'synth:datasetRatios': () => s.synth.datasetRatios(),
  };
}
