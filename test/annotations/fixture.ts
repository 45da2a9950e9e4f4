import { afterEach } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import type { AnnotationBoxInput, PageChangedEvent } from '../../src-main/shared/contract/annotations';
import { AppError } from '../../src-main/shared/errors';
import { tmpDir } from '../helpers/tmp';
import { seedDocument } from './seed-pages';

const open: { s: Services; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.s.close();
    o.cleanup();
  }
});

/** Services on a fresh SQLite file with two seeded documents (pages 850×1100 ×2, 600×400 ×1). */
export function setup(): { s: Services; pages: number[]; other: number[]; events: PageChangedEvent[] } {
  const t = tmpDir();
  const s = createServices({ dataDir: t.dir, transport: 'test' });
  open.push({ s, cleanup: t.cleanup });
  const a = seedDocument(s.db, 'a.pdf', [
    { width: 850, height: 1100 },
    { width: 850, height: 1100 },
  ]);
  const b = seedDocument(s.db, 'b.png', [{ width: 600, height: 400 }]);
  const events: PageChangedEvent[] = [];
  s.bus.subscribe((name, payload) => {
    if (name === 'annotations:onPageChanged') events.push(payload as PageChangedEvent);
  });
  return { s, pages: a.pageIds, other: b.pageIds, events };
}

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

export function rows(s: Services, pageId: number): unknown {
  return {
    boxes: s.db.prepare('SELECT * FROM annotations WHERE page_id = ? ORDER BY id').all(pageId),
    page: s.db.prepare('SELECT annotation_version, has_redactions, reviewed FROM pages WHERE id = ?').get(pageId),
  };
}

export const red = (
  box: [number, number, number, number],
  extra: Partial<AnnotationBoxInput> = {},
): AnnotationBoxInput => ({
  class: 'redaction',
  box,
  ...extra,
});
