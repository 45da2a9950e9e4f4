import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

/** The annotations channels over `s.annotations`. */
export function annotationsHandlers(s: Services): HandlersFor<'annotations'> {
  return {
    'annotations:getPage': ({ pageId }) => s.annotations.getPage(pageId),
    'annotations:save': (req) => s.annotations.save(req),
    'annotations:setPageFlags': (req) => s.annotations.setPageFlags(req),
    'annotations:listPages': (req) => s.annotations.listPages(req),
  };
}
