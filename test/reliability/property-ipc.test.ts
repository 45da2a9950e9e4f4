import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHandlers } from '../../src-main/app/all-handlers';
import { createDispatcher } from '../../src-main/app/dispatch';
import { createServices, type Services } from '../../src-main/app/services';
import { startServer, type RunningServer } from '../../src-main/server/server';
import { CHANNEL_NAMES, channels } from '../../src-main/shared/contract';
import { tmpDir } from '../helpers/tmp';
import { recordFigure } from './helpers';

/** Every row of every table, to prove a refused request changed nothing. */
function snapshot(s: Services): string {
  const tables = s.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
    name: string;
  }[];
  return JSON.stringify(tables.map((t) => [t.name, s.db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

/** Payloads near the shape of real ones: objects with the channel's own keys holding random values. */
function payloadArb(channel: (typeof CHANNEL_NAMES)[number]): fc.Arbitrary<unknown> {
  const schema = channels[channel].request as unknown as { shape?: Record<string, unknown> };
  const keys = Object.keys(schema.shape ?? {});
  const nearShape =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), fc.anything({ maxDepth: 2 }), {
          maxKeys: keys.length + 1,
        })
      : fc.constant({ unexpected: true });
  return fc.oneof(fc.anything({ maxDepth: 3 }), nearShape, fc.jsonValue({ maxDepth: 3 }));
}

/** True when the body would pass the channel's schema (such requests may change data legitimately). */
function isValid(channel: string, body: string): boolean {
  if (!Object.hasOwn(channels, channel)) return false;
  let payload: unknown;
  try {
    payload = body.length ? JSON.parse(body) : {};
  } catch {
    return false;
  }
  return channels[channel as (typeof CHANNEL_NAMES)[number]].request.safeParse(payload).success;
}

describe('random IPC payloads', () => {
  const t = tmpDir();
  let s: Services;
  let server: RunningServer;
  let cases = 0;

  beforeAll(async () => {
    s = createServices({ dataDir: t.dir, transport: 'test' });
    server = await startServer({ services: s, rendererDir: t.dir, port: 0 });
  });
  afterAll(async () => {
    recordFigure('property-ipc', { cases, channels: CHANNEL_NAMES.length });
    await server.close();
    await s.close();
    t.cleanup();
  });

  it('never crash a handler and never change the database when they fail their schema', async () => {
    const dispatch = createDispatcher(allHandlers(s));
    const before = snapshot(s);
    for (const channel of CHANNEL_NAMES) {
      await fc.assert(
        fc.asyncProperty(payloadArb(channel), async (payload) => {
          // Valid payloads may legitimately change data; this property is about refused ones.
          fc.pre(!channels[channel].request.safeParse(payload === undefined ? {} : payload).success);
          cases++;
          const r = await dispatch(channel, payload, { transport: 'test' });
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.code).toBe('INVALID_REQUEST');
        }),
        { numRuns: 60 },
      );
    }
    expect(snapshot(s)).toBe(before);
  });

  it('never take the HTTP transport down, whatever the body', async () => {
    const before = snapshot(s);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CHANNEL_NAMES, 'no:such', '__proto__'),
        fc.oneof(
          fc.string(),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        ),
        async (channel, body) => {
          fc.pre(!isValid(channel, body));
          cases++;
          const res = await fetch(`${server.url}/api/rpc/${encodeURIComponent(channel)}`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
            body,
          });
          expect([200, 400]).toContain(res.status);
          const r = (await res.json()) as { ok: boolean };
          if (res.status === 400) expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 300, examples: [['settings:set', '{"theme":"neon"}']] },
    );
    const health = await fetch(`${server.url}/api/health`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(health.status).toBe(200);
    expect(snapshot(s)).toBe(before);
  });
});
