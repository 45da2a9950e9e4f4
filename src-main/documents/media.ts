import path from 'node:path';
import type { Services } from '../app/services';
import { insideDir } from '../app/paths';
import { mimeOf } from '../app/media';

function positiveId(s: string | undefined): number | null {
  if (!s || !/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

/**
 * Media routes of the documents domain: `pages/<pageId>/image` (PNG), `pages/<pageId>/thumb` (JPEG),
 * `documents/<documentId>/original` (the imported file) and `exports/<jobId>/<file>` (downloads).
 */
export function registerDocumentsMedia(s: Services): void {
  s.media.register('pages', ([id, what]) => {
    const pageId = positiveId(id);
    const p = pageId ? s.documents.getPage(pageId) : null;
    if (!p) return null;
    if (what === 'image') {
      const file = insideDir(s.paths.root, p.imagePath);
      return file ? { file, type: 'image/png' } : null;
    }
    if (what === 'thumb' && p.thumbPath) {
      const file = insideDir(s.paths.root, p.thumbPath);
      return file ? { file, type: 'image/jpeg' } : null;
    }
    return null;
  });
  s.media.register('documents', ([id, what]) => {
    const documentId = positiveId(id);
    if (!documentId || what !== 'original') return null;
    const file = s.documents.originalPath(documentId);
    return file ? { file, type: mimeOf(file) } : null;
  });
  s.media.register('exports', ([jobId, name, ...rest]) => {
    if (!jobId || !name || rest.length || !/^[\w-]{1,64}$/.test(jobId)) return null;
    const file = insideDir(path.join(s.paths.tmp, 'exports'), path.join(jobId, name));
    return file ? { file, type: mimeOf(file), downloadName: name } : null;
  });
}
