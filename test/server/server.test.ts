import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices, type Services } from '../../src-main/app/services';
import { startServer, type RunningServer } from '../../src-main/server/server';
import { tmpDir } from '../helpers/tmp';

/** Raw HTTP so the Host header can be set freely (fetch refuses to). */
function rawRequest(
  port: number,
  lines: string[],
  body = '',
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => {
      sock.write([...lines, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
    });
    let data = '';
    sock.on('data', (d: Buffer) => (data += d.toString()));
    sock.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), headers: head, body: rest.join('\r\n\r\n') });
    });
    sock.on('error', reject);
  });
}

describe('the local server transport', () => {
  const tmp = tmpDir();
  let s: Services;
  let server: RunningServer;
  let rendererDir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    rendererDir = `${tmp.dir}/renderer`;
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(`${rendererDir}/index.html`, '<!doctype html><title>Redaction Lab</title>');
    fs.writeFileSync(`${tmp.dir}/secret.txt`, 'do not serve');
    s = createServices({ dataDir: `${tmp.dir}/data`, transport: 'http' });
    server = await startServer({ services: s, rendererDir, port: 0, log: (l) => logLines.push(l) });
  });
  afterAll(async () => {
    await server.close();
    await s.close();
    tmp.cleanup();
  });

  const host = (): string => `127.0.0.1:${server.port}`;

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 401 without a token and with a wrong token', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(401);
    expect((await fetch(`${server.url}/`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/api/health`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const almost = await fetch(`${server.url}/api/health`, { headers: { Cookie: `redlab_token=${server.token}x` } });
    expect(almost.status).toBe(401);
    expect((await fetch(`${server.url}/?token=wrong`)).status).toBe(401);
  });

  it('moves the token from the address into an HttpOnly SameSite=Strict cookie', async () => {
    const res = await fetch(server.launchUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`redlab_token=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${server.url}/`, { headers: { Cookie: `redlab_token=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-eval/);
  });

  it('refuses a foreign Host with 403 (DNS rebinding), even with the token', async () => {
    for (const h of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1', 'localhost.evil.example']) {
      const r = await rawRequest(server.port, [`GET /?token=${server.token} HTTP/1.1`, `Host: ${h}`]);
      expect(r.status, h).toBe(403);
    }
    const ok = await rawRequest(server.port, [
      `GET /api/health HTTP/1.1`,
      `Host: localhost:${server.port}`,
      `Authorization: Bearer ${server.token}`,
    ]);
    expect(ok.status).toBe(200);
  });

  it('refuses cross-origin writes with 403 and accepts same-origin ones', async () => {
    const call = (origin?: string): Promise<Response> =>
      fetch(`${server.url}/api/rpc/settings:set`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${server.token}`,
          'Content-Type': 'application/json',
          ...(origin ? { Origin: origin } : {}),
        },
        body: JSON.stringify({ theme: 'dark' }),
      });
    expect((await call('http://evil.example')).status).toBe(403);
    expect((await call(`http://127.0.0.1:${server.port + 1}`)).status).toBe(403);
    expect(s.settings.get().theme).toBe('system');
    const same = await call(`http://${host()}`);
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('answers INVALID_REQUEST for a payload that fails its schema and for broken JSON', async () => {
    const post = (body: string): Promise<Response> =>
      fetch(`${server.url}/api/rpc/settings:set`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body,
      });
    const bad = (await (await post('{"theme":"neon"}')).json()) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const broken = await post('{not json');
    expect(broken.status).toBe(400);
  });

  it('accepts WebSocket upgrades only from its own origin with the token, and streams events', async () => {
    const tryWs = (headers: Record<string, string>): Promise<'open' | 'refused'> =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://${host()}/api/events`, { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
        ws.on('unexpected-response', () => resolve('refused'));
      });
    const cookie = `redlab_token=${server.token}`;
    expect(await tryWs({ Cookie: cookie, Origin: 'http://evil.example' })).toBe('refused');
    expect(await tryWs({ Cookie: cookie })).toBe('refused');
    expect(await tryWs({ Origin: `http://${host()}` })).toBe('refused');
    expect(await tryWs({ Cookie: cookie, Origin: `http://${host()}` })).toBe('open');

    const ws = new WebSocket(`ws://${host()}/api/events`, { headers: { Cookie: cookie, Origin: `http://${host()}` } });
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<{ event: string; payload: { theme: string } }>((resolve) =>
      ws.on('message', (m: Buffer) =>
        resolve(JSON.parse(m.toString()) as { event: string; payload: { theme: string } }),
      ),
    );
    s.settings.set({ theme: 'light' });
    expect(await got).toEqual({
      event: 'settings:onChanged',
      payload: expect.objectContaining({ theme: 'light' }) as unknown,
    });
    ws.close();
  });

  it('never serves files outside the renderer or data folders', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/media/..%2f..%2fsecret.txt',
      '/media/pages/..%2F..%2Fsecret.txt',
    ]) {
      const r = await rawRequest(server.port, [
        `GET ${p} HTTP/1.1`,
        `Host: ${host()}`,
        `Authorization: ${auth.Authorization}`,
      ]);
      expect(r.body, p).not.toContain('do not serve');
    }
  });

  it('writes the token file readable by the owner only, and the token never appears in its log', () => {
    const st = fs.statSync(s.paths.serverToken);
    expect(st.mode & 0o777).toBe(0o600);
    // by now the earlier tests made good, bad and hostile requests
    expect(logLines.join('\n')).not.toContain(server.token);
  });
});
