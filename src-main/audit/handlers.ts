import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';

export function auditHandlers(s: Services): HandlersFor<'audit'> {
  return {
    'audit:start': (req) => s.audit.start(req),
    'audit:list': ({ limit }) => s.audit.store.list(limit ?? 50),
    'audit:get': ({ id }) => s.audit.get(id),
    'audit:reveal': ({ id, fileIndex, page, findingIndex }) => s.audit.reveal(id, fileIndex, page, findingIndex),
    'audit:export': ({ id, format }) => s.audit.export(id, format),
    'audit:listPdfDocuments': () => s.audit.listPdfDocuments(),
  };
}
