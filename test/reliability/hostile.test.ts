import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { integrityCheck } from '../../src-main/db/database';
import { loadModel } from '../../src-main/ml/model-loader';
import { ERROR_CODES, isAppError } from '../../src-main/shared/errors';
import { generateHostileCorpus, type HostileInput } from '../fixtures/hostile/generate';
import { tmpDir } from '../helpers/tmp';
import { recordFigure } from './helpers';

/** Documents a careful importer may take in (their dangerous parts never run); all else must be refused. */
const SAFE_TO_IMPORT = new Set([
  'huge-mediabox.pdf', // rendered at a reduced DPI under the pixel cap
  'xref-loop.pdf', // pdf.js rebuilds the xref
  'bomb-stream.pdf', // the stream is read inside a memory-limited worker
  'broken-font.pdf', // text falls back to a standard font
  'javascript.pdf', // scripts are never run
  'cve-2024-4367-fontmatrix.pdf', // isEvalSupported: false, and the FontMatrix never reaches eval
  'pdf-named.png', // imported by its real type
]);
const TIME_LIMIT_MS = 60_000;
const RSS_LIMIT_MB = 3_000;

function snapshot(s: Services): string {
  const tables = s.db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'jobs' ORDER BY name`)
    .all() as {
    name: string;
  }[];
  return JSON.stringify(tables.map((t) => [t.name, s.db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

const FORMAT: Partial<Record<HostileInput['kind'], 'coco' | 'yolo' | 'voc' | 'prodigy'>> = {
  coco: 'coco',
  yolo: 'yolo',
  voc: 'voc',
  jsonl: 'prodigy',
};

describe('hostile inputs', () => {
  const t = tmpDir();
  const corpus = path.join(t.dir, 'corpus');
  let s: Services;
  let inputs: HostileInput[] = [];
  let crashes = 0;

  beforeAll(async () => {
    inputs = await generateHostileCorpus(corpus);
    s = createServices({ dataDir: path.join(t.dir, 'data'), transport: 'test' });
    await s.documents.importFiles(
      [path.join('/work/shared/fixtures/pdf-audit', 'rectangles_yes.pdf')].filter((f) => fs.existsSync(f)),
    );
  });
  afterAll(async () => {
    recordFigure('hostile', { inputs: inputs.length, crashes });
    await s.close();
    t.cleanup();
  });

  it('get a typed, plain-language refusal (or a safe import) within time and memory bounds, leaving saved data alone', async () => {
    const outcomes: string[] = [];
    for (const input of inputs) {
      const file = path.join(corpus, input.name);
      const before = snapshot(s);
      const started = Date.now();
      let refused: { code: string; message: string } | null = null;
      let imported = 0;
      try {
        if (input.kind === 'model') {
          loadModel(file);
        } else {
          const r = await s.documents.importFiles([file], {
            format: FORMAT[input.kind] ?? 'auto',
            signal: AbortSignal.timeout(TIME_LIMIT_MS),
          });
          imported = r.documents.filter((d) => !d.existing).length;
          refused = r.errors[0] ?? null;
        }
      } catch (e) {
        if (isAppError(e)) refused = { code: e.code, message: e.message };
        else {
          crashes++;
          refused = { code: 'UNTYPED', message: String(e) };
        }
      }
      const ms = Date.now() - started;
      const rss = process.memoryUsage().rss / 2 ** 20;
      outcomes.push(
        `${input.name}: ${refused ? refused.code : `imported ${imported}`} in ${ms} ms, rss ${Math.round(rss)} MB`,
      );
      expect(ms, input.name).toBeLessThan(TIME_LIMIT_MS);
      expect(rss, input.name).toBeLessThan(RSS_LIMIT_MB);
      if (SAFE_TO_IMPORT.has(input.name)) {
        expect(refused === null ? imported : 1, `${input.name}: ${refused?.message ?? ''}`).toBe(1);
        continue;
      }
      expect(refused, `${input.name} (${input.why}) was not refused`).not.toBeNull();
      expect(ERROR_CODES as readonly string[]).toContain(refused?.code);
      expect(refused?.code, `${input.name}: ${refused?.message ?? ''}`).not.toBe('INTERNAL');
      expect(refused?.message.length ?? 0, input.name).toBeGreaterThanOrEqual(20);
      expect(snapshot(s), `${input.name} changed saved data`).toBe(before);
    }
    // nothing leaked into prototypes, the database is intact, and the app still works
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(integrityCheck(s.db)).toBe('ok');
    const again = await s.documents.importFiles([path.join('/work/shared/fixtures/pdf-audit', 'ok_words.pdf')]);
    expect(again.errors).toEqual([]);
    expect(crashes).toBe(0);
    console.log(outcomes.join('\n'));
  });
});
