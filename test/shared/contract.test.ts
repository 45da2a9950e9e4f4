import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allHandlers } from '../../src-main/app/all-handlers';
import { createServices } from '../../src-main/app/services';
import { CHANNEL_NAMES, EVENT_NAMES, channels } from '../../src-main/shared/contract';
import { ROOT, tmpDir } from '../helpers/tmp';

const tmp = tmpDir();
const services = createServices({ dataDir: tmp.dir, transport: 'test' });
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

/** Runs the built preload script with a stand-in for Electron's modules and returns what it exposed. */
function loadBuiltPreload(): { bridge: Record<string, unknown>; invoked: string[] } {
  const file = path.join(ROOT, 'out', 'preload', 'preload.js');
  const code = fs.readFileSync(file, 'utf8');
  const exposed: Record<string, unknown> = {};
  const invoked: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer: {
      invoke: (channel: string) => {
        invoked.push(channel);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
    webUtils: { getPathForFile: () => '' },
  };
  const sandboxRequire = (id: string): unknown => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload may not require ${id}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console, Object, Promise, Set });
  return { bridge: exposed.redlab as Record<string, unknown>, invoked };
}

describe('the IPC contract', () => {
  it('names every channel domain:verb and every event domain:onThing', () => {
    for (const c of CHANNEL_NAMES) expect(c).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
    for (const e of EVENT_NAMES) expect(e).toMatch(/^[a-z]+:on[A-Z][A-Za-z]*$/);
  });

  it('gives every channel a runtime request schema that refuses unknown fields', () => {
    for (const name of CHANNEL_NAMES) {
      const schema = channels[name].request;
      expect(schema, name).toBeInstanceOf(z.ZodType);
      if (schema instanceof z.ZodObject) {
        const r = schema.safeParse({ __unexpected_field__: 1 });
        expect(r.success, `${name} accepts unknown fields`).toBe(false);
      }
    }
  });

  it('has exactly one handler for every channel', () => {
    const handlers = allHandlers(services);
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) expect(typeof handlers[name], name).toBe('function');
  });

  it('has a preload method for every channel that invokes that channel', async () => {
    const { bridge, invoked } = loadBuiltPreload();
    const invoke = bridge.invoke as Record<string, (p: unknown) => Promise<unknown>>;
    expect(Object.keys(invoke).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const name of CHANNEL_NAMES) await invoke[name]?.({});
    expect(invoked).toEqual(CHANNEL_NAMES);
    const on = bridge.on as (n: string, cb: () => void) => () => void;
    for (const e of EVENT_NAMES) expect(typeof on(e, () => undefined)).toBe('function');
    expect(() => on('not:anEvent', () => undefined)).toThrow();
  });
});
