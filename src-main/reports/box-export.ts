import type { ReportPage } from './page-boxes';

function cell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const BOX_CSV_HEADER = 'document,document_id,page,page_id,class,x0,y0,x1,y1,score,source,label';

const r2 = (v: number): number => Math.round(v * 100) / 100;

/** Every box of the report, one row each, in page pixels `[x0, y0, x1, y1]` (page numbers 1-based). */
export function boxesCsv(pages: readonly ReportPage[]): string {
  const rows = [BOX_CSV_HEADER];
  for (const p of pages) {
    for (const b of p.boxes) {
      rows.push(
        [
          p.documentName,
          p.documentId,
          p.index + 1,
          p.pageId,
          b.class,
          ...b.box.map(r2),
          b.score === null ? '' : r2(b.score * 100) / 100,
          b.source,
          b.label,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return rows.join('\n') + '\n';
}

/** The boxes as JSON records (same fields as the CSV). */
export function boxesJson(pages: readonly ReportPage[]): unknown[] {
  return pages.flatMap((p) =>
    p.boxes.map((b) => ({
      document: p.documentName,
      document_id: p.documentId,
      page: p.index + 1,
      page_id: p.pageId,
      class: b.class,
      bbox: b.box.map(r2),
      score: b.score,
      source: b.source,
      label: b.label,
    })),
  );
}
