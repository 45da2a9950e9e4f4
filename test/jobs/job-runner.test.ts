import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import type { JobDTO } from '../../src-main/shared/contract/jobs';
import { AppError } from '../../src-main/shared/errors';
import { tmpDir } from '../helpers/tmp';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function services(dir: string): Services {
  const s = createServices({ dataDir: dir, transport: 'test' });
  cleanups.push(() => s.close());
  return s;
}

describe('JobRunner', () => {
  it('runs a job, reports progress events and stores the result', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const s = services(dir);
    s.jobs.register<{ n: number }, number>({
      kind: 'count',
      title: (p) => `Count to ${p.n}`,
      run: async (p, ctx) => {
        for (let i = 1; i <= p.n; i++) {
          await new Promise((r) => setTimeout(r, 120));
          ctx.progress(i / p.n, `step ${i}`);
        }
        return p.n * 2;
      },
    });
    const seen: JobDTO[] = [];
    s.bus.subscribe((name, payload) => {
      if (name === 'jobs:onUpdate') seen.push(payload as JobDTO);
    });
    const job = s.jobs.start('count', { n: 3 });
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toBe(6);
    expect(done.progress).toBe(1);
    const progresses = seen.filter((j) => j.status === 'running').map((j) => j.progress);
    expect(progresses.length).toBeGreaterThanOrEqual(3);
    expect([...progresses].sort((a, b) => a - b)).toEqual(progresses);
  });

  it('cancels a running job through its AbortSignal', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const s = services(dir);
    s.jobs.register({
      kind: 'forever',
      title: () => 'Forever',
      run: (_p, ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => reject(new AppError('CANCELLED', 'stopped')));
        }),
    });
    const job = s.jobs.start('forever', {});
    await new Promise((r) => setTimeout(r, 50));
    s.jobs.cancel(job.id);
    const done = await s.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(done.error).toBeNull();
  });

  it('keeps a failed job with its error code and message', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const s = services(dir);
    s.jobs.register({
      kind: 'broken',
      title: () => 'Broken',
      run: () => Promise.reject(new AppError('CORRUPT_FILE', 'The file is damaged.')),
    });
    const done = await s.jobs.wait(s.jobs.start('broken', {}).id);
    expect(done.status).toBe('failed');
    expect(done.error).toEqual({ code: 'CORRUPT_FILE', message: 'The file is damaged.' });
  });

  it('runs jobs of one lane one after another', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const s = services(dir);
    const order: string[] = [];
    s.jobs.register<{ name: string }, void>({
      kind: 'lane',
      lane: 'serial',
      title: (p) => p.name,
      run: async (p) => {
        order.push(`start ${p.name}`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`end ${p.name}`);
      },
    });
    const a = s.jobs.start('lane', { name: 'a' });
    const b = s.jobs.start('lane', { name: 'b' });
    await s.jobs.wait(b.id);
    await s.jobs.wait(a.id);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('shows a job that was running when the app died as interrupted after restart', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const first = createServices({ dataDir: dir, transport: 'test' });
    first.jobs.register({ kind: 'slow', title: () => 'Slow', run: () => new Promise(() => {}) });
    const job = first.jobs.start('slow', {});
    await new Promise((r) => setTimeout(r, 20));
    expect(first.jobs.get(job.id).status).toBe('running');
    first.db.close(); // the process "dies": no shutdown, no status update
    const second = services(dir);
    expect(second.jobs.get(job.id).status).toBe('interrupted');
  });

  it('runs the backend diagnostics in a worker thread and reports GFLOP/s', async () => {
    const { dir, cleanup } = tmpDir();
    cleanups.push(cleanup);
    const s = services(dir);
    const job = s.jobs.start('diagnostics', { size: 64 });
    const done = await s.jobs.wait(job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const r = done.result as { report: { selected: string }; gflops: number };
    expect(['tfjs-node-gpu', 'tfjs-node', 'wasm']).toContain(r.report.selected);
    expect(r.gflops).toBeGreaterThan(0);
  });
});
