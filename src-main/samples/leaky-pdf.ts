import { createCanvas } from '@napi-rs/canvas';
import {
  PDFDocument,
  PDFPage,
  StandardFonts,
  TextRenderingMode,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setTextRenderingMode,
  type PDFFont,
} from 'pdf-lib';

/** US Letter in points. */
const W = 612;
const H = 792;

/** Top-left y (points from the top) to pdf-lib's bottom-left y for a baseline. */
const y = (fromTop: number): number => H - fromTop;

function box(page: PDFPage, x: number, top: number, w: number, h: number): void {
  page.drawRectangle({ x, y: y(top + h), width: w, height: h, color: rgb(0, 0, 0) });
}

function addAnnotation(doc: PDFDocument, page: PDFPage, dict: Record<string, unknown>): void {
  const ref = doc.context.register(doc.context.obj({ Type: 'Annot', ...dict }));
  page.node.addAnnot(ref);
}

/** Where `hidden` lands when `before + hidden + after` is drawn at x: [x0, x1] in points. */
function span(font: PDFFont, size: number, x: number, before: string, hidden: string): [number, number] {
  const x0 = x + font.widthOfTextAtSize(before, size);
  return [x0, x0 + font.widthOfTextAtSize(hidden, size)];
}

/** Draws a line of text, then a black box over its `hidden` part (so the text stays in the file). */
function lineWithBox(page: PDFPage, font: PDFFont, top: number, parts: [string, string, string]): void {
  const [before, hidden, after] = parts;
  page.drawText(before + hidden + after, { x: 72, y: y(top), size: 12, font });
  const [x0, x1] = span(font, 12, 72, before, hidden);
  box(page, x0 - 1, top - 11, x1 - x0 + 2, 15);
}

/**
 * Page 1, a born-digital memo: two black boxes drawn over text that is still there (leaks), one
 * box with nothing under it, one box with text printed on top of it (fine), an exemption code.
 */
function memoPage(doc: PDFDocument, font: PDFFont, bold: PDFFont): void {
  const page = doc.addPage([W, H]);
  page.drawText('MEMORANDUM FOR THE RECORD', { x: 72, y: y(90), size: 16, font: bold });
  page.drawText('Subject: Field interview, case 2021-0147', { x: 72, y: y(120), size: 12, font });
  lineWithBox(page, font, 160, ['The witness named the informant as ', 'Jonathan Q. Miller', ' of Dayton.']);
  lineWithBox(page, font, 190, ['Contact number: ', '555-0142', ', available weekdays only.']);
  page.drawText('Location of the meeting:', { x: 72, y: y(220), size: 12, font });
  box(page, 214, 209, 160, 15); // a proper redaction: nothing under it
  page.drawText('(b)(6)', { x: 380, y: y(220), size: 10, font: bold });
  box(page, 72, 240, 200, 18);
  page.drawText('PUBLIC SUMMARY FOLLOWS', { x: 78, y: y(253), size: 11, font: bold, color: rgb(1, 1, 1) });
  page.drawText('This page was made by Redaction Lab as a sample for the Audit view.', {
    x: 72,
    y: y(720),
    size: 9,
    font,
    color: rgb(0.35, 0.35, 0.35),
  });
}

/** A grey "scan" with one black bar burned into the pixels, as a PNG. */
function scanPng(): Buffer {
  const c = createCanvas(850, 1100);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#f4f1ea';
  ctx.fillRect(0, 0, 850, 1100);
  ctx.fillStyle = '#222';
  ctx.font = '22px sans-serif';
  ctx.fillText('Scanned letter, page 2', 100, 140);
  ctx.fillText('Payment was made to the account of', 100, 220);
  ctx.fillRect(468, 198, 230, 30);
  return c.toBuffer('image/png');
}

/** Page 2, a scanned page with a hidden OCR layer that still holds the redacted name. */
async function scannedPage(doc: PDFDocument, font: PDFFont): Promise<void> {
  const page = doc.addPage([W, H]);
  const k = W / 850; // points per scan pixel
  const size = 22 * k;
  const ocr = (text: string, px: number, py: number): void => {
    page.drawText(text, { x: px * k, y: y(py * k), size, font });
  };
  // The OCR layer: words where the scan shows them, never painted (render mode 3).
  page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible));
  ocr('Scanned letter, page 2', 100, 140);
  ocr('Payment was made to the account of', 100, 220);
  ocr('Maria Alvarez', 476, 220); // under the black bar burned into the scan
  page.pushOperators(popGraphicsState());
  const img = await doc.embedPng(scanPng());
  page.drawImage(img, { x: 0, y: 0, width: W, height: H });
}

/** Page 3: a redaction marked in an editor but never applied, and a dark highlight. */
function annotatedPage(doc: PDFDocument, font: PDFFont): void {
  const page = doc.addPage([W, H]);
  page.drawText('Settlement terms (draft)', { x: 72, y: y(90), size: 14, font });
  const amount: [string, string, string] = ['The agreed amount is ', '1,250,000 dollars', ' payable in March.'];
  const counsel: [string, string, string] = ['Counsel for the claimant: ', 'Eleanor Vance', ', Vance & Ruiz LLP.'];
  page.drawText(amount.join(''), { x: 72, y: y(130), size: 12, font });
  page.drawText(counsel.join(''), { x: 72, y: y(170), size: 12, font });
  const [a0, a1] = span(font, 12, 72, amount[0], amount[1]);
  const b1 = y(134);
  addAnnotation(doc, page, { Subtype: 'Redact', Rect: [a0 - 1, b1, a1 + 1, b1 + 15], C: [0, 0, 0] });
  const [c0, c1] = span(font, 12, 72, counsel[0], counsel[1]);
  const b2 = y(174);
  addAnnotation(doc, page, {
    Subtype: 'Highlight',
    Rect: [c0 - 1, b2, c1 + 1, b2 + 15],
    QuadPoints: [c0 - 1, b2 + 15, c1 + 1, b2 + 15, c0 - 1, b2, c1 + 1, b2],
    C: [0, 0, 0],
  });
}

/**
 * A small PDF with the kinds of failed redaction the audit finds, built at run time (no binary
 * in the repository): text under boxes, a scanned page over its OCR layer, an unapplied /Redact
 * annotation and a dark highlight. About 60 KB.
 */
export async function buildLeakySamplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Redaction Lab sample: redactions that leak');
  doc.setProducer('Redaction Lab');
  doc.setCreationDate(new Date('2024-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  memoPage(doc, font, bold);
  await scannedPage(doc, font);
  annotatedPage(doc, font);
  return doc.save({ useObjectStreams: false });
}
