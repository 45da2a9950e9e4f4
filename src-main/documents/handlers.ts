import type { HandlersFor } from '../app/handler-types';
import type { Services } from '../app/services';
import type { ImportJobParams } from './jobs';

/** The documents channels over `s.documents`. */
export function documentsHandlers(s: Services): HandlersFor<'documents'> {
  return {
    'documents:list': ({ datasetId }) => ({
      datasetId: datasetId ?? s.datasets.defaultId(),
      documents: s.documents.list(datasetId),
    }),
    'documents:get': ({ id, datasetId }) => s.documents.getDocument(id, datasetId),
    'documents:startImport': (req) => s.jobs.start<ImportJobParams>('import', req),
    'documents:delete': ({ ids }) => ({ deleted: s.documents.softDelete(ids) }),
    'documents:restore': ({ ids }) => ({ restored: s.documents.restore(ids) }),
    'documents:purgeDeleted': () => ({ purged: s.documents.purgeDeleted(0) }),
    'documents:pageText': ({ pageId }) => s.documents.pageText(pageId),
  };
}
