import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

export function reviewHandlers(s: Services): HandlersFor<'review'> {
  return {
    'review:models': () => s.review.models(),
    'review:documents': ({ modelKey }) => s.review.repo.documents(modelKey),
    'review:detect': (req) => s.review.startDetect(req),
    'review:queue': (req) => s.review.queue(req),
    'review:page': ({ pageId, modelKey }) => s.review.page(pageId, modelKey),
    'review:decide': ({ predictionId, decision, box }) => s.review.decide(predictionId, decision, box),
    'review:undo': ({ predictionId }) => s.review.decisions.undo(predictionId),
    'review:acceptAll': ({ pageId, modelKey, threshold, classes }) =>
      s.review.decisions.acceptAll(pageId, modelKey, threshold, classes),
    'review:stats': (req) => s.reports.stats(req),
    'review:report': ({ format, ...q }) => s.reports.start(format, q),
    'review:loadSamples': () => s.jobs.start('samples', {}),
  };
}
