import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../app/atomic-file';
import type { AuditListItem, AuditReport } from '../shared/contract/audit';
import { AppError } from '../shared/errors';
import type { AuditWorkerFile } from '../workers/audit';

/** What is kept on disk for one audit: the report plus where each file was read from. */
export interface StoredAudit extends AuditReport {
  title: string;
  sources: AuditWorkerFile[];
}

const ID = /^[\w-]{1,64}$/;

/**
 * Audit reports under `<data>/reports/audits/<id>/`: report.json (no leaked text, ever), the
 * rendered pages `f<file>-p<page>.png` and exports. Written atomically (temp + rename).
 */
export class AuditStore {
  constructor(private readonly root: string) {}

  dir(id: string): string {
    if (!ID.test(id)) throw new AppError('INVALID_REQUEST', 'That audit id is not valid.');
    return path.join(this.root, id);
  }

  save(a: StoredAudit): void {
    const dir = this.dir(a.id);
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomicSync(path.join(dir, 'report.json'), JSON.stringify(a));
  }

  load(id: string): StoredAudit {
    const file = path.join(this.dir(id), 'report.json');
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredAudit;
    } catch {
      throw new AppError('NOT_FOUND', 'This audit is no longer stored; run the audit again.');
    }
  }

  /** The public report (no source paths). */
  get(id: string): AuditReport {
    const { sources: _s, title: _t, ...report } = this.load(id);
    return report;
  }

  list(limit = 50): AuditListItem[] {
    let ids: string[] = [];
    try {
      ids = fs.readdirSync(this.root).filter((d) => ID.test(d));
    } catch {
      return [];
    }
    const items: AuditListItem[] = [];
    for (const id of ids) {
      try {
        const a = this.load(id);
        items.push({ id, createdAt: a.createdAt, title: a.title, summary: a.summary });
      } catch {
        // a half-written or foreign folder: skip it
      }
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }

  /** A file inside an audit's folder, or null (names are checked, never joined blindly). */
  file(id: string, name: string): string | null {
    if (!ID.test(id) || !/^[\w.-]{1,80}$/.test(name) || name.startsWith('.')) return null;
    const f = path.join(this.root, id, name);
    return fs.existsSync(f) ? f : null;
  }
}
