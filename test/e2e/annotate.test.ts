import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot } from '../helpers/browser';
import { serveApp, type ServedApp } from '../helpers/app-server';
import { tmpDir } from '../helpers/tmp';
import { boxClasses, drawOnPage, importPages, openEditor, saveState, storedPage, zoomOf } from './annotate-fixture';

describe('annotation editor in Chromium', () => {
  let app: ServedApp;
  let browser: Browser;
  let pages: number[];
  const tmp = tmpDir();

  beforeAll(async () => {
    pages = importPages(`${tmp.dir}/data`);
    app = await serveApp(`${tmp.dir}/data`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    tmp.cleanup();
  });

  it('draws a box with the mouse, changes its class with a key, and finds it saved after a reload', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    const pageId = pages[0]!;
    await openEditor(page, app, pageId);
    await drawOnPage(page, 100, 120, 260, 150);
    await expect.poll(() => boxClasses(page)).toEqual(['redaction']);
    await page.keyboard.press('2');
    await expect.poll(() => boxClasses(page)).toEqual(['content']);
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect.poll(() => page.getByTestId('save-status').innerText()).toContain('Saved');

    // stored in page pixels: the drag divided by the zoom the canvas showed
    const z = await zoomOf(page);
    const stored = await storedPage(app, pageId);
    expect(stored.version).toBeGreaterThanOrEqual(1);
    expect(stored.boxes).toHaveLength(1);
    expect(stored.boxes[0]!.class).toBe('content');
    const [x0, y0, x1, y1] = stored.boxes[0]!.box;
    expect(x0).toBeCloseTo(100 / z, 0);
    expect(y0).toBeCloseTo(120 / z, 0);
    expect(x1 - x0).toBeCloseTo(160 / z, 0);
    expect(y1 - y0).toBeCloseTo(30 / z, 0);
    await screenshot(page, 'annotate-box-drawn');

    await page.reload({ waitUntil: 'networkidle' });
    await page.getByTestId('page-canvas').waitFor();
    await expect.poll(() => boxClasses(page)).toEqual(['content']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('undoes and redoes with the keyboard, and saves every step', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    const pageId = pages[1]!;
    await openEditor(page, app, pageId);
    await drawOnPage(page, 80, 80, 200, 110);
    await page.keyboard.press('e');
    await expect.poll(() => boxClasses(page)).toEqual(['exemption_label']);
    await expect.poll(() => saveState(page)).toBe('saved');

    await page.keyboard.press('Control+z');
    await expect.poll(() => boxClasses(page)).toEqual(['redaction']);
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect.poll(async () => (await storedPage(app, pageId)).boxes.map((b) => b.class)).toEqual(['redaction']);

    await page.keyboard.press('Control+z');
    await expect.poll(() => boxClasses(page)).toEqual([]);
    await expect.poll(async () => (await storedPage(app, pageId)).boxes).toEqual([]);

    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => boxClasses(page)).toEqual(['redaction']);
    await page.keyboard.press('Control+y');
    await expect.poll(() => boxClasses(page)).toEqual(['exemption_label']);
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect
      .poll(async () => (await storedPage(app, pageId)).boxes.map((b) => b.class))
      .toEqual(['exemption_label']);

    await page.reload({ waitUntil: 'networkidle' });
    await expect.poll(() => boxClasses(page)).toEqual(['exemption_label']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works from the keyboard alone: select, nudge, style, label, flags, zoom, next page and the shortcut list', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    const pageId = pages[2]!;
    await openEditor(page, app, pageId);
    await drawOnPage(page, 50, 50, 150, 80);
    await drawOnPage(page, 50, 200, 150, 230);
    await expect.poll(() => boxClasses(page)).toHaveLength(2);
    await expect.poll(() => saveState(page)).toBe('saved');
    const before = (await storedPage(app, pageId)).boxes;

    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab'); // first box
    await page.keyboard.press('Shift+ArrowRight'); // +10 px
    await page.keyboard.press('ArrowDown'); // +1 px
    await page.keyboard.press('s'); // style: black
    await page.keyboard.press('3');
    await page.keyboard.press('l');
    await page.keyboard.type('(b)(6)');
    await page.keyboard.press('Enter');
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect
      .poll(async () => (await storedPage(app, pageId)).boxes[0])
      .toMatchObject({
        class: 'exemption_label',
        style: 'black',
        label: '(b)(6)',
        box: [before[0]!.box[0] + 10, before[0]!.box[1] + 1, before[0]!.box[2] + 10, before[0]!.box[3] + 1],
      });

    await page.keyboard.press('Tab'); // second box
    await page.keyboard.press('Delete');
    await expect.poll(() => boxClasses(page)).toEqual(['exemption_label']);
    await page.keyboard.press('m');
    await expect.poll(() => saveState(page)).toBe('saved');
    await expect.poll(async () => (await storedPage(app, pageId)).reviewed).toBe(true);
    await expect.poll(async () => (await storedPage(app, pageId)).boxes).toHaveLength(1);

    // zoom keys
    await page.keyboard.press('0');
    await expect.poll(() => zoomOf(page)).toBe(1);
    await page.keyboard.press('+');
    await expect.poll(() => zoomOf(page)).toBeGreaterThan(1);
    await page.keyboard.press('f');

    // the shortcut overlay lists the keys
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Undo[\s\S]*Redo/);
    await screenshot(page, 'annotate-shortcuts');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // previous page with k (nothing selected after Escape)
    await page.keyboard.press('Escape');
    await page.keyboard.press('k');
    await expect.poll(() => page.url()).toContain(`page=${pages[1]}`);
    await expect.poll(() => page.getByTestId('page-position').innerText()).toContain('(2/3)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a page from the chooser, zooms with Ctrl+wheel, pans with Space+drag, and pastes a box on the next page', async () => {
    const { page, errors } = await openPage(browser, app.launchUrl);
    await page.goto(`${app.base}/#/annotate`, { waitUntil: 'networkidle' });
    const chooser = page.getByTestId('page-chooser');
    await chooser.waitFor();
    expect(await chooser.locator('tbody tr').count()).toBe(3);
    await chooser
      .getByRole('button', { name: /^Page 1 of / })
      .first()
      .click();
    await expect.poll(() => page.url()).toContain(`page=${pages[0]}`);
    await page.getByTestId('page-canvas').waitFor();

    const canvas = page.getByTestId('page-canvas');
    const fit = await zoomOf(page);
    const r = (await canvas.boundingBox())!;
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(() => zoomOf(page)).toBeGreaterThan(fit * 1.5);

    const scroll = (): Promise<[number, number]> => canvas.evaluate((el) => [el.scrollLeft, el.scrollTop]);
    const before = await scroll();
    await page.keyboard.down(' ');
    await page.mouse.down();
    await page.mouse.move(r.x + r.width / 2 - 80, r.y + r.height / 2 - 60, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up(' ');
    const after = await scroll();
    expect(after[0] - before[0]).toBeCloseTo(80, -1);
    expect(after[1] - before[1]).toBeCloseTo(60, -1);
    // panning drew nothing
    const count = (await storedPage(app, pages[0]!)).boxes.length;
    expect(await boxClasses(page)).toHaveLength(count);

    // copy the first box, paste it on the next page at the same place
    await page.keyboard.press('f');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect.poll(() => page.url()).toContain(`page=${pages[1]}`);
    const target = (await storedPage(app, pages[1]!)).boxes.length;
    await expect.poll(() => page.getByTestId('page-position').innerText()).toContain('(2/3)');
    await page.keyboard.press('Control+v');
    await expect.poll(() => saveState(page)).toBe('saved');
    const source = (await storedPage(app, pages[0]!)).boxes[0]!;
    await expect.poll(async () => (await storedPage(app, pages[1]!)).boxes.map((b) => b.box)).toHaveLength(target + 1);
    expect((await storedPage(app, pages[1]!)).boxes.at(-1)).toMatchObject({ class: source.class, box: source.box });
    expect(errors).toEqual([]);
    await page.close();
  });
});
