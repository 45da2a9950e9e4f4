import type { Services } from '../app/services';
import { registerExportJob } from '../datasets/export-job';
import { registerImportJob } from './jobs';
import { registerDocumentsMedia } from './media';

/** Soft-deleted documents stay restorable this long; the app purges older ones when it starts. */
export const PURGE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Jobs and media routes of the documents, datasets and interop domains. */
export function registerDocuments(s: Services): void {
  registerImportJob(s);
  registerExportJob(s);
  registerDocumentsMedia(s);
  if ((s.transport === 'electron' || s.transport === 'http') && !s.database.readOnly) {
    try {
      s.documents.purgeDeleted(PURGE_AFTER_MS);
    } catch {
      // A purge that fails (files in use) is retried at the next start; nothing depends on it.
    }
  }
}
