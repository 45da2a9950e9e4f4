import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { rpc, serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';

interface Job {
  status: string;
  error: { message: string } | null;
}
interface Series {
  name: string;
  points: { step: number; value: number }[];
}

async function waitJob(app: ServedApp, id: string): Promise<Job> {
  for (;;) {
    const j = await rpc<Job>(app, 'jobs:get', { id });
    if (j.status !== 'queued' && j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('runs, sweeps and estimates in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  let datasetId: number;
  const tmp = tmpDir();

  beforeAll(async () => {
    app = await serveApp(path.join(tmp.dir, 'data'));
    const profiles = await rpc<{ name: string; settings: Record<string, unknown> }[]>(app, 'synth:profiles');
    const settings = { ...profiles.find((p) => p.name === 'default')!.settings, longSide: 320 };
    for (const [split, count, seed] of [
      ['train', 4, 3],
      ['val', 1, 4],
    ] as const) {
      const job = await rpc<{ id: string }>(app, 'synth:generate', {
        settings,
        seed,
        count,
        dataset: { name: 'grid', split },
      });
      expect((await waitJob(app, job.id)).status).toBe('succeeded');
    }
    datasetId = (await rpc<{ id: number; name: string }[]>(app, 'datasets:list')).find((d) => d.name === 'grid')!.id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('measures a warm-up, runs a sweep to its summary, cancels one, and organises and reproduces runs', async () => {
    const { page, errors } = await openPage(browser, `${app.launchUrl}#/train`);
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Train');
    await page.getByTestId('train-dataset').selectOption(String(datasetId));
    await page.getByTestId('train-image-size').selectOption('128');
    await page.getByTestId('train-batch-size').selectOption('2');
    await page.getByTestId('train-epochs').fill('1');
    await expect.poll(() => page.getByTestId('estimate-note').innerText()).toMatch(/measure a short warm-up/);
    await page.getByRole('button', { name: 'Measure a short warm-up' }).click();
    await expect
      .poll(() => page.getByTestId('train-estimate').innerText(), { timeout: 120_000 })
      .toMatch(/About .* \(2 steps/);
    await expect.poll(() => page.getByText(/measured over \d training steps? on \w+/).count()).toBe(1);

    // a sweep over two batch sizes, queued from the Train view's settings
    await page.getByText('Sweep', { exact: true }).click();
    await page.getByTestId('sweep-batch-sizes').fill('1, 2');
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/#\/runs\?tab=sweeps&sweep=\d+/);
    const sweep = page.locator('[data-sweep]').first();
    await expect.poll(() => sweep.getByTestId('sweep-status').innerText(), { timeout: 240_000 }).toBe('completed');
    const rows = sweep.getByTestId('sweep-summary').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toMatch(/batch 1( ★)?\s+#\d+\s+completed\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(await rows.nth(1).innerText()).toMatch(/batch 2( ★)?\s+#\d+\s+completed/);
    await screenshot(page, 'sweep-summary');

    // a longer sweep cancelled while its first run trains: that run stops, the rest never starts
    const long = await rpc<{ id: number }>(app, 'sweeps:create', {
      name: 'to cancel',
      base: { datasetId, backbone: 'small', imageSize: 128, batchSize: 1, epochs: 20 },
      axes: { batchSize: [1, 2] },
    });
    const longCard = page.locator(`[data-sweep="${long.id}"]`);
    await expect.poll(() => longCard.getByTestId('sweep-status').innerText()).toBe('running');
    // the newest sweep opens by itself; a click on an open card's summary would close it
    if (!(await longCard.evaluate((d) => (d as HTMLDetailsElement).open))) await longCard.locator('summary').click();
    // the card stays open while its run's figures update it (it used to close on every update)
    const firstCell = longCard.getByTestId('sweep-summary').locator('tbody tr').first().locator('td');
    await expect.poll(() => firstCell.nth(5).innerText(), { timeout: 120_000 }).not.toBe('–');
    expect(await longCard.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await longCard.getByRole('button', { name: 'Cancel sweep' }).click();
    await expect.poll(() => longCard.getByTestId('sweep-status').innerText(), { timeout: 60_000 }).toBe('cancelled');
    const cells = (await rpc<{ cells: { status: string }[] }>(app, 'sweeps:get', { sweepId: long.id })).cells;
    expect(cells.map((c) => c.status)).toEqual(['stopped', 'pending']);

    // organise: rename, notes and tags, archive, delete with confirmation
    await page.getByRole('tab', { name: 'Runs' }).click();
    const table = page.getByTestId('runs-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    const first = Number(await table.locator('tbody tr').last().getAttribute('data-run'));
    await table.locator(`tr[data-run="${first}"]`).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByTestId('rename-input').fill('baseline b1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('baseline b1');
    await page.getByTestId('run-notes').fill('First try at 128 px.');
    await page.getByTestId('run-tags').fill('baseline, tiny');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await expect.poll(() => page.getByText('Saved.').count()).toBe(1);
    await page.getByRole('button', { name: 'Archive' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Unarchive' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
    await expect.poll(() => table.locator(`tr[data-run="${first}"]`).count()).toBe(0);
    await page.getByLabel('Show archived').check();
    await expect.poll(() => table.locator(`tr[data-run="${first}"]`).innerText()).toMatch(/baseline b1[\s\S]*tiny/);
    await page.getByTestId('runs-filter').fill('tiny');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'runs-organised');

    // reproduce the second sweep run from its page: same curve
    const sweeps = await rpc<{ status: string; cells: { runId: number }[] }[]>(app, 'sweeps:list');
    const second = sweeps.find((s) => s.status === 'completed')!;
    const original = second.cells[1]!.runId;
    await page.goto(`${app.base}/#/runs?run=${original}`);
    await page.getByRole('button', { name: 'Reproduce' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/#\/train\?run=\d+/);
    const copy = Number((await page.evaluate(() => location.hash)).split('=')[1]);
    await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 120_000 }).toBe('completed');
    const loss = async (runId: number) =>
      (await rpc<Series[]>(app, 'runs:metrics', { runId, names: ['train/loss'] }))[0]!.points.map((p) => p.value);
    expect(await loss(copy)).toEqual(await loss(original));

    // delete the archived run after confirming
    await page.goto(`${app.base}/#/runs?run=${first}`);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(1);
    await page.getByRole('button', { name: 'Delete run' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/runs');
    await expect
      .poll(() =>
        rpc<{ id: number }[]>(app, 'experiments:list', { includeArchived: true }).then((l) =>
          l.some((r) => r.id === first),
        ),
      )
      .toBe(false);
    expect(errors).toEqual([]);
  });
});
