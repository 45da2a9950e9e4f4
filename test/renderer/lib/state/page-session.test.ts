import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/db/database';
import { EventBus } from '../../../../src-main/app/event-bus';
import { AnnotationsService } from '../../../../src-main/annotations/annotations-service';
import { toErrorInfo, type Result } from '../../../../src-main/shared/errors';
import type { PageSavedDTO } from '../../../../src-main/shared/contract/annotations';
import {
  PageSession,
  newKey,
  type EditorBox,
  type SaveFn,
} from '../../../../src-renderer/src/lib/state/page-session.svelte';
import { seedDocument } from '../../../annotations/seed-pages';
import { tmpDir } from '../../../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/**
 * The session against the real annotations service on a SQLite file. `hold` lets a test keep
 * saves waiting (as a slow disk or network would) and release them one by one.
 */
function setup(): {
  service: AnnotationsService;
  pageId: number;
  session: PageSession;
  sent: { baseVersion: number; count: number }[];
  held: (() => void)[];
  hold: { on: boolean; fail: string | null };
} {
  const t = tmpDir();
  const opened = openDatabase(path.join(t.dir, 'redlab.db'));
  cleanups.push(() => {
    opened.db.close();
    t.cleanup();
  });
  const service = new AnnotationsService(opened.db, new EventBus());
  const { pageIds } = seedDocument(opened.db, 'a.pdf', [{ width: 850, height: 1100 }]);
  const pageId = pageIds[0]!;
  const sent: { baseVersion: number; count: number }[] = [];
  const held: (() => void)[] = [];
  const hold = { on: false, fail: null as string | null };
  const save: SaveFn = async (req) => {
    sent.push({ baseVersion: req.baseVersion, count: req.boxes.length });
    if (hold.on) await new Promise<void>((resolve) => held.push(resolve));
    if (hold.fail) return { ok: false, error: { code: 'IO_ERROR', message: hold.fail } };
    try {
      return { ok: true, value: service.save(req) } satisfies Result<PageSavedDTO>;
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  };
  return { service, pageId, session: new PageSession(service.getPage(pageId), save), sent, held, hold };
}

function box(x: number): EditorBox {
  return {
    key: newKey(),
    class: 'redaction',
    box: [x, 10, x + 40, 30],
    style: null,
    label: null,
    source: 'manual',
    score: null,
  };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('page session autosave', () => {
  it('says saved only after the service committed, and the stored page matches the editor', async () => {
    const { service, pageId, session } = setup();
    session.apply([box(10)]);
    expect(session.saveState).toBe('saving');
    await settle();
    expect(session.saveState).toBe('saved');
    expect(service.getPage(pageId).boxes.map((b) => b.box)).toEqual([[10, 10, 50, 30]]);
    expect(session.version).toBe(1);
  });

  it('keeps one save in flight; the next one carries the latest boxes and the version the first returned', async () => {
    const { service, pageId, session, sent, held, hold } = setup();
    hold.on = true;
    session.apply([box(10)]);
    session.apply([...session.boxes, box(100)]);
    session.apply([...session.boxes, box(200)]);
    await settle();
    expect(sent).toEqual([{ baseVersion: 0, count: 1 }]);
    held.shift()!();
    await settle();
    expect(sent).toEqual([
      { baseVersion: 0, count: 1 },
      { baseVersion: 1, count: 3 },
    ]);
    expect(session.saveState).toBe('saving');
    held.shift()!();
    await settle();
    expect(session.saveState).toBe('saved');
    expect(service.getPage(pageId)).toMatchObject({ version: 2 });
    expect(service.getPage(pageId).boxes).toHaveLength(3);
  });

  it('reuses stored ids for boxes already saved instead of inserting them again', async () => {
    const { service, pageId, session } = setup();
    session.apply([box(10)]);
    await settle();
    const id = service.getPage(pageId).boxes[0]!.id;
    session.apply([{ ...session.boxes[0]!, class: 'content' }]);
    await settle();
    expect(service.getPage(pageId).boxes).toMatchObject([{ id, class: 'content' }]);
  });

  it('keeps a failed change visibly unsaved with its boxes, and Retry saves it', async () => {
    const { service, pageId, session, hold } = setup();
    hold.fail = 'The disk is full, so this change was not saved.';
    session.apply([box(10)]);
    await settle();
    expect(session.saveState).toBe('failed');
    expect(session.error).toMatch(/disk is full/);
    expect(session.boxes).toHaveLength(1);
    expect(service.getPage(pageId).boxes).toHaveLength(0);
    hold.fail = null;
    session.retry();
    await settle();
    expect(session.saveState).toBe('saved');
    expect(service.getPage(pageId).boxes).toHaveLength(1);
  });

  it('stops at a conflict, keeps the editor boxes, overwrites nothing, and Reload brings the stored page', async () => {
    const { service, pageId, session } = setup();
    service.save({ pageId, baseVersion: 0, boxes: [{ class: 'content', box: [5, 5, 800, 1000] }] });
    session.apply([box(10)]);
    await settle();
    expect(session.saveState).toBe('conflict');
    expect(session.error).toMatch(/changed in another window/);
    session.apply([...session.boxes, box(100)]);
    await settle();
    expect(session.saveState).toBe('conflict');
    expect(session.boxes).toHaveLength(2);
    expect(service.getPage(pageId).boxes.map((b) => b.class)).toEqual(['content']);
    session.load(service.getPage(pageId));
    expect(session.saveState).toBe('saved');
    expect(session.boxes.map((b) => b.class)).toEqual(['content']);
  });

  it('saves each undo and redo step', async () => {
    const { service, pageId, session } = setup();
    session.apply([box(10)]);
    await settle();
    session.apply([...session.boxes, box(100)]);
    await settle();
    session.undo();
    await settle();
    expect(service.getPage(pageId).boxes).toHaveLength(1);
    session.redo();
    await settle();
    expect(service.getPage(pageId).boxes).toHaveLength(2);
    expect(session.saveState).toBe('saved');
  });

  it('derives "contains redactions" like the service and saves the page flags', async () => {
    const { service, pageId, session } = setup();
    session.setFlags({ hasRedactions: false, reviewed: true });
    await settle();
    expect(service.getPage(pageId)).toMatchObject({ hasRedactions: false, reviewed: true });
    session.apply([box(10)]);
    expect(session.hasRedactions).toBe(true);
    await settle();
    expect(service.getPage(pageId).hasRedactions).toBe(true);
  });
});
