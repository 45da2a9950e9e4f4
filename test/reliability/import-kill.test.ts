import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from '../../src-main/db/database';
import { CLI, tmpDir } from '../helpers/tmp';
import { exited, iterations, recordFigure, rng } from './helpers';

async function makePdf(file: string, n: number, pages: number): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    for (let l = 0; l < 40; l++)
      page.drawText(`Document ${n} page ${p + 1} line ${l} of the kill test.`, {
        x: 60,
        y: 740 - l * 17,
        size: 11,
        font,
      });
    page.drawRectangle({ x: 100, y: 400, width: 200, height: 14, color: rgb(0, 0, 0) });
  }
  fs.writeFileSync(file, await doc.save());
}

interface Violations {
  half: number;
  lost: number;
}

function check(dataDir: string, acked: Set<string>): Violations & { integrity: string } {
  // killed before the first import created the data folder: nothing may be acknowledged yet
  if (!fs.existsSync(path.join(dataDir, 'redlab.db'))) return { half: 0, lost: acked.size, integrity: 'ok' };
  const db = new BetterSqlite3(path.join(dataDir, 'redlab.db'));
  const docs = db
    .prepare(`SELECT id, name, page_count AS pageCount FROM documents WHERE state = 'ready' AND deleted_at IS NULL`)
    .all() as { id: number; name: string; pageCount: number }[];
  let half = 0;
  for (const d of docs) {
    const pages = db
      .prepare('SELECT image_path AS img, thumb_path AS thumb FROM pages WHERE document_id = ?')
      .all(d.id) as {
      img: string;
      thumb: string | null;
    }[];
    const complete =
      pages.length === d.pageCount &&
      pages.every(
        (p) => fs.existsSync(path.join(dataDir, p.img)) && (!p.thumb || fs.existsSync(path.join(dataDir, p.thumb))),
      );
    if (!complete) half++;
  }
  const visible = new Set(docs.map((d) => d.name));
  const lost = [...acked].filter((n) => !visible.has(n)).length;
  const integrity = integrityCheck(db);
  db.close();
  return { half, lost, integrity };
}

describe('imports under SIGKILL', () => {
  it('never leave a half-imported document visible, and keep every import that was reported done', async () => {
    const t = tmpDir();
    const n = iterations(20);
    const inputs = path.join(t.dir, 'in');
    fs.mkdirSync(inputs);
    for (let i = 0; i < n; i++) await makePdf(path.join(inputs, `doc-${i}.pdf`), i, 3 + (i % 4));
    const dataDir = path.join(t.dir, 'data');
    const random = rng();
    const acked = new Set<string>();
    let killed = 0;
    let half = 0;
    let lost = 0;
    const importOnce = async (name: string, killAfterMs: number | null): Promise<boolean> => {
      const proc = spawn(process.execPath, [CLI, 'import', path.join(inputs, name), '--data-dir', dataDir, '--json'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const killAt = killAfterMs === null ? null : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      await exited(proc);
      if (killAt) clearTimeout(killAt);
      return proc.exitCode === 0 && out.includes(name);
    };
    // How long an import takes on this machine, so that the kills fall all over it (and some after).
    await makePdf(path.join(inputs, 'timing.pdf'), n, 4);
    const t0 = performance.now();
    expect(await importOnce('timing.pdf', null)).toBe(true);
    acked.add('timing.pdf');
    const full = performance.now() - t0;
    for (let i = 0; i < n; i++) {
      const name = `doc-${i}.pdf`;
      if (await importOnce(name, 100 + random.next() * 1.3 * full)) acked.add(name);
      else killed++;
      const v = check(dataDir, acked);
      expect(v.integrity).toBe('ok');
      half += v.half;
      lost += v.lost;
    }
    recordFigure('import-kills', { kills: killed, runs: n, visibleHalf: half, lost });
    t.cleanup();
    expect({ half, lost }).toEqual({ half: 0, lost: 0 });
    expect(killed).toBeGreaterThan(0);
    expect(acked.size).toBeGreaterThan(1);
  });
});
