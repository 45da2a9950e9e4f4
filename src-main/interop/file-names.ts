import path from 'node:path';
import type { DatasetPage } from '../datasets/dataset-pages';

const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;

/** Makes a name safe as a relative path: no absolute part, no `..`, no odd characters. */
export function safeRelative(name: string): string {
  const parts = name
    .replace(/\\/g, '/')
    .split('/')
    .map((p) => p.replace(/[^\w.\- ()+,@=]/g, '_').replace(/^\.+$/, '_'))
    .filter((p) => p.length > 0);
  return parts.join('/') || 'page';
}

function stem(name: string): string {
  return name.replace(/\.[^./]*$/, '');
}

/**
 * The name a page gets in an export, before de-duplication: a single-page image document keeps
 * its own name (so COCO → import → COCO round trips keep `file_name`); pages of PDFs and other
 * documents become `<name>_p001.png`.
 */
export function baseFileName(p: Pick<DatasetPage, 'documentName' | 'documentKind' | 'pageCount' | 'index'>): string {
  const name = safeRelative(p.documentName);
  if (p.pageCount === 1 && p.documentKind !== 'pdf') return IMAGE_EXT.test(name) ? name : `${stem(name)}.png`;
  return `${stem(name)}_p${String(p.index + 1).padStart(3, '0')}.png`;
}

/**
 * A unique, stable `file_name` per page: pages are named in library order (documents by id), so a
 * page keeps its name when documents are added after it. On a clash (same name without extension,
 * ignoring case) the later page gets `-<documentId>`.
 */
export function assignFileNames(pages: readonly DatasetPage[]): Map<number, string> {
  const used = new Set<string>();
  const out = new Map<number, string>();
  const sorted = [...pages].sort((a, b) => a.documentId - b.documentId || a.index - b.index);
  for (const p of sorted) {
    // Compared without extension and case: YOLO/VOC name label files by stem, and some disks ignore case.
    const key = (n: string): string => stem(n).toLowerCase();
    let name = baseFileName(p);
    if (used.has(key(name))) {
      const ext = path.posix.extname(name);
      const base = name.slice(0, name.length - ext.length);
      name = `${base}-${p.documentId}${ext}`;
      for (let n = 2; used.has(key(name)); n++) name = `${base}-${p.documentId}-${n}${ext}`;
    }
    used.add(key(name));
    out.set(p.pageId, name);
  }
  return out;
}
