import type { Services } from '../app/services';
import { registerExportJob } from '../datasets/export-job';
import { registerImportJob } from './jobs';
import { registerDocumentsMedia } from './media';

/** Jobs and media routes of the documents, datasets and interop domains. */
export function registerDocuments(s: Services): void {
  registerImportJob(s);
  registerExportJob(s);
  registerDocumentsMedia(s);
}
