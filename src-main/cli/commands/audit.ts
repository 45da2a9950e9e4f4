import { expandInputs } from '../../audit/inputs';
import { runWorker } from '../../jobs/worker-host';
import { pageRanges } from '../../reports/pdf-text';
import type { AuditFile } from '../../shared/contract/audit';
import type { AuditWorkerInput, AuditWorkerOutput } from '../../workers/audit';
import { UsageError, type Command, type CommandIO } from '../command';

function summaryLine(f: AuditFile): string {
  if (f.error) return `${f.file}: could not be audited: ${f.error.message}`;
  const leakPages = f.pages.filter((p) => p.findings.some((x) => x.severity === 'leak'));
  const leaks = leakPages.flatMap((p) => p.findings.filter((x) => x.severity === 'leak'));
  if (leaks.length === 0) return `${f.file}: ${f.pages.length} page(s), no text found under redactions`;
  const chars = leaks.reduce((s, x) => s + x.text_length, 0);
  const pages = pageRanges(leakPages.map((p) => p.page));
  return `${f.file}: ${leaks.length} bad redaction(s) hiding ${chars} characters on page(s) ${pages}`;
}

function printHuman(io: CommandIO, files: AuditFile[], reveal: boolean): void {
  for (const f of files) {
    io.info(summaryLine(f));
    for (const p of f.pages) {
      for (const x of p.findings) {
        const where = `  page ${p.page} [${x.bbox.join(', ')}] ${x.kind}`;
        if (x.severity === 'leak') {
          const shown = reveal && x.text !== undefined ? `: ${JSON.stringify(x.text)}` : ` (sha1 ${x.text_sha1})`;
          io.info(`${where}: ${x.text_length} characters hidden${shown}`);
        } else io.info(`${where}: ${x.message}`);
      }
    }
  }
}

/** The CLI contract: only file, pages (page, findings) and error, nothing else. */
function contractJson(files: AuditFile[]): unknown {
  return {
    files: files.map((f) => ({
      file: f.file,
      pages: f.pages.map((p) => ({ page: p.page, findings: p.findings })),
      ...(f.error ? { error: f.error } : {}),
    })),
  };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Find text still hidden under black boxes, redaction annotations and scanned images in PDFs.',
  usage: 'audit <pdf|dir>... [--json] [--reveal]',
  options: { reveal: { type: 'boolean' } },
  optionHelp: {
    reveal: 'print the hidden text itself (default: only its length and SHA-1); never logged',
  },
  positionals: true,
  async run({ positionals, json, values, io }) {
    if (positionals.length === 0) throw new UsageError('give at least one PDF file or folder.');
    const files = expandInputs(positionals);
    if (files.length === 0) throw new UsageError(`no PDF files found in ${positionals.join(', ')}.`);
    const reveal = values.reveal === true;
    const input: AuditWorkerInput = { mode: 'audit', files, reveal };
    const out = await runWorker<AuditWorkerOutput>('audit', input, {
      onProgress: (_f, m) => {
        if (!json && m && process.stderr.isTTY) process.stderr.write(`\r${m.slice(0, 70).padEnd(70)}`);
      },
      maxOldGenerationSizeMb: 2048,
    });
    if (!json && process.stderr.isTTY) process.stderr.write('\r'.padEnd(72) + '\r');
    const result = 'files' in out ? out.files : [];
    if (json) io.json(contractJson(result));
    else printHuman(io, result, reveal);
    // Exit 0 when the audit ran on at least one file; 1 when every file failed (each is in the output).
    return result.some((f) => !f.error) ? 0 : 1;
  },
};
