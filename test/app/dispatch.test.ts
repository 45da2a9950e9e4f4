import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/app/dispatch';
import { allHandlers } from '../../src-main/app/all-handlers';
import { createServices, type Services } from '../../src-main/app/services';
import { tmpDir } from '../helpers/tmp';

const open: { s: Services; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.s.close();
    o.cleanup();
  }
});

function setup(): { s: Services; dispatch: ReturnType<typeof createDispatcher> } {
  const t = tmpDir();
  const s = createServices({ dataDir: t.dir, transport: 'test' });
  open.push({ s, cleanup: t.cleanup });
  return { s, dispatch: createDispatcher(allHandlers(s)) };
}

function dbSnapshot(s: Services): string {
  const tables = s.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
    name: string;
  }[];
  return JSON.stringify(tables.map((t) => [t.name, s.db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

describe('the dispatcher', () => {
  it('answers a valid request with { ok: true, value }', async () => {
    const { dispatch } = setup();
    const r = await dispatch('settings:set', { theme: 'dark' }, { transport: 'test' });
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ theme: 'dark' }) as unknown });
  });

  it('refuses a payload that fails its schema with INVALID_REQUEST and changes nothing', async () => {
    const { s, dispatch } = setup();
    await dispatch('settings:set', { theme: 'light' }, { transport: 'test' });
    const before = dbSnapshot(s);
    const bad = [
      { theme: 'purple' },
      { defaultDpi: 'many' },
      { defaultDpi: 10_000 },
      { theme: 'dark', extra: true },
      null,
      [1, 2],
      'settings',
    ];
    for (const payload of bad) {
      const r = await dispatch('settings:set', payload, { transport: 'test' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_REQUEST');
        expect(r.error.message).toMatch(/settings:set/);
      }
    }
    expect(dbSnapshot(s)).toBe(before);
    expect(s.settings.get().theme).toBe('light');
  });

  it('refuses unknown channels, including prototype names', async () => {
    const { dispatch } = setup();
    for (const ch of ['nope:nothing', '__proto__', 'constructor', 'toString']) {
      const r = await dispatch(ch, {}, { transport: 'test' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });

  it('turns a handler error into { code, message } without a stack trace', async () => {
    const { dispatch } = setup();
    const r = await dispatch('jobs:get', { id: 'does-not-exist' }, { transport: 'test' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Job does-not-exist does not exist.' } });
  });

  it('reports a read-only database as READ_ONLY instead of a crash', async () => {
    const t = tmpDir();
    const s = createServices({ dataDir: t.dir, transport: 'test' });
    s.db.pragma('user_version = 999');
    await s.close();
    const ro = createServices({ dataDir: t.dir, transport: 'test' });
    open.push({ s: ro, cleanup: t.cleanup });
    expect(ro.database.readOnly).toBe(true);
    expect(ro.database.message).toMatch(/newer version/);
    const dispatch = createDispatcher(allHandlers(ro));
    const started = await dispatch('jobs:startDiagnostics', { size: 16 }, { transport: 'test' });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.code).toBe('READ_ONLY');
    expect(fs.existsSync(ro.paths.database)).toBe(true);
  });
});
