import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { darkBarRows, looksRedacted } from '../../src-main/review/dark-heuristic';
import { tmpDir } from '../helpers/tmp';

const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function page(name: string, draw: (g: ReturnType<ReturnType<typeof createCanvas>['getContext']>) => void): string {
  const c = createCanvas(850, 1100);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 850, 1100);
  g.fillStyle = '#111';
  g.font = 'bold 16px sans-serif';
  for (let y = 80; y < 1000; y += 26)
    g.fillText('The quick brown fox jumps over the lazy dog, again and again.', 60, y);
  draw(g);
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, c.toBuffer('image/png'));
  return file;
}

describe('dark-pixel heuristic', () => {
  it('does not take dense bold text for redactions', async () => {
    expect(await looksRedacted(page('text.png', () => {}))).toBe(false);
  });

  it('sees filled black bars', async () => {
    const f = page('bars.png', (g) => {
      g.fillStyle = '#000';
      g.fillRect(200, 300, 300, 24);
      g.fillRect(100, 600, 500, 24);
    });
    expect(await darkBarRows(f)).toBeGreaterThanOrEqual(4);
    expect(await looksRedacted(f)).toBe(true);
  });
});
