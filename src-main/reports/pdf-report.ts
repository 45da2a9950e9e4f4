import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { writeFileAtomicSync } from '../app/atomic-file';
import type { AuditFile } from '../shared/contract/audit';
import type { StatsDTO } from '../shared/contract/review';
import type { ReportPage } from './page-boxes';
import { pageRanges, pdfSafe, TextFlow } from './pdf-text';

export interface PdfReportInput {
  title: string;
  /** One sentence: where the boxes come from (annotations, model and threshold). */
  sourceLine: string;
  stats: StatsDTO;
  pages: readonly ReportPage[];
  audit: readonly AuditFile[];
  /** Absolute path of a page image. */
  imageFile: (p: ReportPage) => string;
  /** Called after each page image is drawn: (done, total). */
  onPage?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const COLORS = { redaction: rgb(0.9, 0.1, 0.1), content: rgb(0.12, 0.53, 0.9), exemption_label: rgb(0.98, 0.55, 0) };
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** Longest side of a page image embedded in the report, in pixels. */
const IMAGE_SIDE = 1400;

function summary(flow: TextFlow, input: PdfReportInput): void {
  const c = input.stats.collection;
  flow.line(input.title, { size: 18, bold: true });
  flow.line(`Made by Redaction Lab on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, { gray: true });
  flow.line(input.sourceLine, { gray: true });
  flow.gap(10);
  flow.line('Collection', { size: 13, bold: true });
  flow.line(`${c.documents} document(s), ${c.pages} page(s), ${c.redactedPages} page(s) with redactions`);
  flow.line(
    `${c.redactions} redaction(s): ${pct(c.pageShare)} of the page area, ${pct(c.contentShare)} of the content area`,
  );
  const ex = Object.entries(c.exemptions).sort((a, b) => b[1] - a[1]);
  flow.line(`Exemption codes: ${ex.length ? ex.map(([k, v]) => `${k} x${v}`).join(', ') : 'none labelled'}`);
  flow.gap(10);
  flow.line('Documents', { size: 13, bold: true });
  for (const d of input.stats.documents) {
    flow.line(`${d.name}`, { bold: true });
    flow.line(
      `${d.pages} page(s), ${d.redactions} redaction(s), ${pct(d.pageShare)} of page area, ${pct(d.contentShare)} of content` +
        (d.redactedPages.length ? `; redacted pages ${pageRanges(d.redactedPages)}` : ''),
      { indent: 12 },
    );
  }
  flow.gap(10);
  auditSection(flow, input.audit);
}

function auditSection(flow: TextFlow, audit: readonly AuditFile[]): void {
  flow.line('Audit: text left under redactions', { size: 13, bold: true });
  if (audit.length === 0) {
    flow.line('No PDF originals among these documents: nothing to audit.', { gray: true });
    return;
  }
  for (const f of audit) {
    const leaks = f.pages.flatMap((p) =>
      p.findings.filter((x) => x.severity === 'leak').map((x) => ({ p: p.page, x })),
    );
    flow.line(`${f.file}: ${f.error ? f.error.message : `${leaks.length} bad redaction(s)`}`, { bold: true });
    for (const { p, x } of leaks.slice(0, 40)) {
      flow.line(`page ${p}: ${x.message} ${x.text_length} characters (sha1 ${x.text_sha1?.slice(0, 12)}...)`, {
        indent: 12,
      });
    }
    if (leaks.length > 40) flow.line(`... and ${leaks.length - 40} more`, { indent: 12, gray: true });
  }
}

async function pageImage(file: string): Promise<{ jpg: Buffer; w: number; h: number }> {
  const { data, info } = await sharp(file, { limitInputPixels: 20_000 * 20_000 })
    .flatten({ background: '#ffffff' })
    .resize({ width: IMAGE_SIDE, height: IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  return { jpg: data, w: info.width, h: info.height };
}

async function redactedPage(doc: PDFDocument, font: PDFFont, p: ReportPage, file: string): Promise<void> {
  const { jpg } = await pageImage(file);
  const img = await doc.embedJpg(jpg);
  const header = 24;
  const scale = Math.min(560 / p.width, 740 / p.height);
  const w = p.width * scale;
  const h = p.height * scale;
  const page: PDFPage = doc.addPage([w + 40, h + 40 + header]);
  const n = p.boxes.filter((b) => b.class === 'redaction').length;
  page.drawText(pdfSafe(`${p.documentName} - page ${p.index + 1} - ${n} redaction(s)`), {
    x: 20,
    y: h + 26,
    size: 10,
    font,
  });
  page.drawImage(img, { x: 20, y: 20, width: w, height: h });
  for (const b of p.boxes) {
    const [x0, y0, x1, y1] = b.box;
    const color = COLORS[b.class];
    const rect = { x: 20 + x0 * scale, y: 20 + h - y1 * scale, width: (x1 - x0) * scale, height: (y1 - y0) * scale };
    page.drawRectangle({
      ...rect,
      borderColor: color,
      borderWidth: 1.6,
      color,
      opacity: b.class === 'content' ? 0 : 0.18,
      borderOpacity: 1,
    });
    const label = `${b.class === 'exemption_label' && b.label ? b.label : b.class}${b.score !== null ? ` ${b.score.toFixed(2)}` : ''}`;
    page.drawText(pdfSafe(label), { x: rect.x, y: Math.min(rect.y + rect.height + 2, h + 14), size: 7, font, color });
  }
}

/**
 * The PDF report: a summary (statistics per collection and document, exemption codes, audit
 * findings without the leaked text), then every page with redactions, its image with the
 * boxes and their confidences drawn on it.
 */
export async function writePdfReport(input: PdfReportInput, out: string): Promise<{ pages: number }> {
  const doc = await PDFDocument.create();
  doc.setTitle(pdfSafe(input.title));
  doc.setProducer('Redaction Lab');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const flow = new TextFlow(doc.addPage([612, 792]), font, bold, () => doc.addPage([612, 792]));
  summary(flow, input);
  const redacted = input.pages.filter((p) => p.boxes.some((b) => b.class === 'redaction'));
  for (let i = 0; i < redacted.length; i++) {
    input.signal?.throwIfAborted();
    const p = redacted[i] as ReportPage;
    await redactedPage(doc, font, p, input.imageFile(p));
    input.onPage?.(i + 1, redacted.length);
  }
  const bytes = await doc.save();
  writeFileAtomicSync(out, bytes);
  return { pages: doc.getPageCount() };
}
