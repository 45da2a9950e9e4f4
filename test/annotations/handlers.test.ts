import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/app/dispatch';
import { allHandlers } from '../../src-main/app/all-handlers';
import { red, rows, setup } from './fixture';

const ctx = { transport: 'test' } as const;

describe('annotations channels through the dispatcher', () => {
  it('saves through annotations:save and reads back through annotations:getPage', async () => {
    const { s, pages } = setup();
    const dispatch = createDispatcher(allHandlers(s));
    const saved = await dispatch(
      'annotations:save',
      { pageId: pages[0], baseVersion: 0, boxes: [red([10, 10, 60, 30], { style: 'grey' })] },
      ctx,
    );
    expect(saved).toMatchObject({ ok: true, value: { version: 1 } });
    const page = await dispatch('annotations:getPage', { pageId: pages[0] }, ctx);
    expect(page).toMatchObject({ ok: true, value: { version: 1, boxes: [{ class: 'redaction', style: 'grey' }] } });
  });

  it('returns CONFLICT as { ok: false } with the sentence, and the stored page is unchanged', async () => {
    const { s, pages } = setup();
    const dispatch = createDispatcher(allHandlers(s));
    await dispatch('annotations:save', { pageId: pages[0], baseVersion: 0, boxes: [red([1, 1, 9, 9])] }, ctx);
    const before = rows(s, pages[0]!);
    const r = await dispatch('annotations:save', { pageId: pages[0], baseVersion: 0, boxes: [] }, ctx);
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'CONFLICT',
        message: 'This page was changed in another window; reload it to see the changes.',
      }) as unknown,
    });
    expect(rows(s, pages[0]!)).toEqual(before);
  });

  it('refuses malformed boxes at the schema with INVALID_REQUEST before any handler runs', async () => {
    const { s, pages } = setup();
    const dispatch = createDispatcher(allHandlers(s));
    for (const boxes of [
      [{ class: 'redaction', box: [1, 2, 3] }],
      [{ class: 'redaction', box: ['1', 2, 3, 4] }],
      [{ class: 'redaction', box: [1, 2, 3, 4], extra: true }],
      [{ class: 'redaction', box: [1, 2, 3, 4], label: 'x'.repeat(500) }],
    ]) {
      const r = await dispatch('annotations:save', { pageId: pages[0], baseVersion: 0, boxes }, ctx);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(s.annotations.getPage(pages[0]!).version).toBe(0);
  });
});
