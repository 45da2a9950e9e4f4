import type { AuditReport } from '../shared/contract/audit';

function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything that could break a row or be read as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_HEADER = [
  'file',
  'page',
  'kind',
  'severity',
  'x0',
  'y0',
  'x1',
  'y1',
  'text_length',
  'text_sha1',
  'message',
] as const;

/** One row per finding (and one per file that could not be audited); never the leaked text. */
export function auditCsv(report: AuditReport): string {
  const rows: string[] = [AUDIT_CSV_HEADER.join(',')];
  for (const f of report.files) {
    if (f.error)
      rows.push([f.file, '', 'error', 'error', '', '', '', '', '', '', f.error.message].map(csvCell).join(','));
    for (const p of f.pages) {
      for (const x of p.findings) {
        const [x0, y0, x1, y1] = x.bbox;
        rows.push(
          [f.file, p.page, x.kind, x.severity, x0, y0, x1, y1, x.text_length, x.text_sha1, x.message]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return rows.join('\n') + '\n';
}

/** The report as the CLI prints it (`{ files: [{ file, pages: [{ page, findings }] }] }`) plus a summary. */
export function auditJson(report: AuditReport): string {
  const files = report.files.map((f) => ({
    file: f.file,
    ...(f.documentId ? { documentId: f.documentId } : {}),
    pages: f.pages.map((p) => ({ page: p.page, findings: p.findings.map(({ text: _t, ...x }) => x) })),
    ...(f.error ? { error: f.error } : {}),
  }));
  return JSON.stringify({ id: report.id, createdAt: report.createdAt, summary: report.summary, files }, null, 2) + '\n';
}
