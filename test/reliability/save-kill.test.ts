import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { integrityCheck, openDatabase } from '../../src-main/db/database';
import { tmpDir } from '../helpers/tmp';
import { boxesFor, PAGE_H, PAGE_W, signature } from './children/save-states';
import { exited, iterations, recordFigure, rng, spawnTs } from './helpers';

const CHILD = path.join(__dirname, 'children', 'save-child.ts');

/** A data folder with one document and one page, made with the app's own schema. */
function seedPage(dataDir: string): number {
  const { db } = openDatabase(path.join(dataDir, 'redlab.db'));
  const doc = db
    .prepare(`INSERT INTO documents (name, sha256, kind, page_count) VALUES ('kill-test.pdf', 'kill-test', 'pdf', 1)`)
    .run();
  const page = db
    .prepare(
      `INSERT INTO pages (document_id, page_index, width, height, dpi, image_path) VALUES (?, 0, ?, ?, 100, 'none.png')`,
    )
    .run(doc.lastInsertRowid, PAGE_W, PAGE_H);
  db.close();
  return Number(page.lastInsertRowid);
}

function readPage(dataDir: string, pageId: number): { version: number; sig: string; integrity: string } {
  const db = new BetterSqlite3(path.join(dataDir, 'redlab.db'));
  const version = (db.prepare('SELECT annotation_version AS v FROM pages WHERE id = ?').get(pageId) as { v: number }).v;
  const rows = db.prepare('SELECT class, x0, y0, x1, y1 FROM annotations WHERE page_id = ?').all(pageId) as {
    class: string;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
  }[];
  const integrity = integrityCheck(db);
  db.close();
  return { version, sig: signature(rows.map((r) => ({ class: r.class, box: [r.x0, r.y0, r.x1, r.y1] }))), integrity };
}

describe('annotation saves under SIGKILL', () => {
  it('keep every save the UI was told succeeded, all-or-nothing, with an intact database', async () => {
    const t = tmpDir();
    const dataDir = t.dir;
    fs.mkdirSync(dataDir, { recursive: true });
    const pageId = seedPage(dataDir);
    const n = iterations(200);
    const random = rng();
    let ackK = 0; // last state the UI was told is saved (0: none yet)
    let ackVersion = 0;
    let lost = 0;
    let torn = 0;
    let midSave = 0;
    for (let i = 0; i < n; i++) {
      const { proc, lines } = spawnTs(CHILD, [dataDir, String(pageId), String(ackK + 1)]);
      const wantAcks = Math.floor(random.next() * 40);
      const deadline = Date.now() + 20_000;
      while (
        lines.filter((l) => l.startsWith('ack')).length < wantAcks &&
        proc.exitCode === null &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, random.next() * 3));
      proc.kill('SIGKILL');
      await exited(proc);
      for (const l of lines) {
        const m = /^ack (\d+) (\d+)$/.exec(l);
        if (m) {
          ackK = Number(m[1]);
          ackVersion = Number(m[2]);
        }
      }
      const now = readPage(dataDir, pageId);
      if (now.integrity !== 'ok') torn++;
      if (now.version < ackVersion) lost++;
      else if (now.version === ackVersion) {
        if (ackK > 0 && now.sig !== signature(boxesFor(ackK))) torn++;
      } else if (now.version === ackVersion + 1) {
        // a save committed just before the kill, not yet reported: it must be complete
        midSave++;
        if (now.sig !== signature(boxesFor(ackK + 1))) torn++;
        ackK += 1;
        ackVersion += 1;
      } else torn++;
    }
    recordFigure('save-kills', { kills: n, lost, torn, committedUnreported: midSave });
    t.cleanup();
    expect({ lost, torn }).toEqual({ lost: 0, torn: 0 });
    expect(ackVersion).toBeGreaterThan(n / 4);
  });
});
