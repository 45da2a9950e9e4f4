import type { AuditFile, AuditSummary } from '../shared/contract/audit';

/** Totals of an audit, for the list and the summary line. */
export function summarize(files: readonly AuditFile[]): AuditSummary {
  let pages = 0;
  let pagesWithLeaks = 0;
  let leaks = 0;
  let leakedChars = 0;
  let darkBoxes = 0;
  for (const f of files) {
    for (const p of f.pages) {
      pages++;
      darkBoxes += p.boxes.length;
      const l = p.findings.filter((x) => x.severity === 'leak');
      if (l.length) pagesWithLeaks++;
      leaks += l.length;
      leakedChars += l.reduce((s, x) => s + x.text_length, 0);
    }
  }
  return {
    files: files.length,
    failedFiles: files.filter((f) => f.error).length,
    pages,
    pagesWithLeaks,
    leaks,
    leakedChars,
    darkBoxes,
  };
}
