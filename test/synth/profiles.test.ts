import { afterAll, describe, expect, it } from 'vitest';
import type { SynthAnnotation } from '../../src-main/shared/contract/synth';
import { createServices } from '../../src-main/app/services';
import { generatePage } from '../../src-main/synth/generate';
import { builtInProfile, DEFAULT_SETTINGS } from '../../src-main/synth/profiles';
import { tmpDir } from '../helpers/tmp';

interface Mix {
  pages: number;
  redactions: SynthAnnotation[];
  layouts: string[];
}

async function sample(name: string, n = 14): Promise<Mix> {
  const p = builtInProfile(name);
  if (!p) throw new Error(`no profile ${name}`);
  const mix: Mix = { pages: n, redactions: [], layouts: [] };
  for (let i = 0; i < n; i++) {
    const page = await generatePage({ ...p.settings, longSide: 900 }, 2024, i, { ageing: false });
    mix.redactions.push(...page.annotations.filter((a) => a.class === 'redaction'));
    mix.layouts.push(page.meta.layout);
  }
  return mix;
}

function share(items: readonly string[], pred: (s: string) => boolean): number {
  return items.length === 0 ? 0 : items.filter(pred).length / items.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

describe('built-in profiles', () => {
  it('"marker" draws mostly marker strokes, the default mostly black boxes', async () => {
    const marker = await sample('marker');
    const def = await sample('default');
    expect(
      share(
        marker.redactions.map((a) => a.style ?? ''),
        (s) => s === 'marker',
      ),
    ).toBeGreaterThan(0.6);
    expect(
      share(
        def.redactions.map((a) => a.style ?? ''),
        (s) => s === 'black',
      ),
    ).toBeGreaterThan(0.35);
    expect(
      share(
        def.redactions.map((a) => a.style ?? ''),
        (s) => s === 'marker',
      ),
    ).toBeLessThan(0.4);
  });

  it('"white boxes on forms" makes forms and tables full of white bordered boxes', async () => {
    const m = await sample('white-boxes-forms');
    expect(share(m.layouts, (l) => l === 'form' || l === 'table')).toBeGreaterThan(0.6);
    expect(
      share(
        m.redactions.map((a) => a.style ?? ''),
        (s) => s === 'white-bordered',
      ),
    ).toBeGreaterThan(0.6);
    expect(m.redactions.length / m.pages).toBeGreaterThan(6);
  });

  it('"many small boxes" gives more and smaller boxes per page than the default', async () => {
    const small = await sample('many-small-boxes');
    const def = await sample('default');
    const area = (a: SynthAnnotation): number => (a.box[2] - a.box[0]) * (a.box[3] - a.box[1]);
    expect(small.redactions.length / small.pages).toBeGreaterThan((2 * def.redactions.length) / def.pages);
    expect(median(small.redactions.map(area))).toBeLessThan(median(def.redactions.map(area)));
  });

  it('"grey boxes" draws mostly grey and hatched boxes', async () => {
    const m = await sample('grey-boxes');
    expect(
      share(
        m.redactions.map((a) => a.style ?? ''),
        (s) => s === 'grey' || s === 'cross-hatched',
      ),
    ).toBeGreaterThan(0.6);
  });

  it('"negatives only" labels no redactions but still the content of every page', async () => {
    const p = builtInProfile('negatives-only')!;
    for (let i = 0; i < 8; i++) {
      const page = await generatePage({ ...p.settings, longSide: 900 }, 5, i);
      expect(page.annotations.filter((a) => a.class !== 'content')).toEqual([]);
      expect(page.annotations.filter((a) => a.class === 'content')).toHaveLength(1);
    }
  });
});

describe('saved profiles', () => {
  const tmp = tmpDir();
  const s = createServices({ dataDir: tmp.dir, transport: 'test', recoverJobs: false });
  afterAll(async () => {
    await s.close();
    tmp.cleanup();
  });

  it('are stored in the database and listed after the built-in ones', () => {
    const settings = { ...DEFAULT_SETTINGS, ageing: 0.9, boxesPerPage: [3, 9] as [number, number] };
    const saved = s.synth.profiles.save('dense scans', 'More ageing', settings);
    expect(saved).toMatchObject({ name: 'dense scans', builtIn: false, description: 'More ageing' });
    const list = s.synth.profiles.list();
    expect(list.slice(0, 7).every((p) => p.builtIn)).toBe(true);
    expect(list.at(-1)?.settings).toEqual(settings);
    const row = s.db.prepare(`SELECT value FROM settings WHERE key = 'synthProfile:dense scans'`).get() as {
      value: string;
    };
    expect(JSON.parse(row.value)).toMatchObject({ description: 'More ageing' });
    expect(s.synth.profiles.settingsOf('dense scans').ageing).toBe(0.9);
    // app settings are unaffected by the extra rows
    expect(s.settings.get().theme).toBeDefined();
  });

  it('refuse a built-in name and report an unknown one in a sentence', () => {
    expect(() => s.synth.profiles.save('default', '', DEFAULT_SETTINGS)).toThrow(/built-in profile/);
    expect(() => s.synth.profiles.settingsOf('nope')).toThrow(/no synthetic profile "nope".*default/);
  });

  it('can be deleted, and a damaged stored profile is skipped rather than breaking the list', () => {
    expect(s.synth.profiles.delete('dense scans')).toBe(true);
    expect(s.synth.profiles.delete('dense scans')).toBe(false);
    s.db.prepare(`INSERT INTO settings (key, value) VALUES ('synthProfile:broken', '{not json')`).run();
    expect(s.synth.profiles.list().map((p) => p.name)).not.toContain('broken');
  });
});
