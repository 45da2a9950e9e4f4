import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** Text the standard PDF fonts can encode (Latin-1); anything else becomes '?'. */
export function pdfSafe(text: string): string {
  return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

/** A cursor that writes lines down a page and asks for a new page when it runs out. */
export class TextFlow {
  y: number;

  constructor(
    private page: PDFPage,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly newPage: () => PDFPage,
    private readonly margin = 50,
  ) {
    this.y = page.getHeight() - margin;
  }

  /** Writes one line (cut to the page width) and moves down. */
  line(text: string, opts: { size?: number; bold?: boolean; indent?: number; gray?: boolean } = {}): void {
    const size = opts.size ?? 10;
    if (this.y < this.margin + size) {
      this.page = this.newPage();
      this.y = this.page.getHeight() - this.margin;
    }
    const font = opts.bold ? this.bold : this.font;
    const x = this.margin + (opts.indent ?? 0);
    const maxWidth = this.page.getWidth() - x - this.margin;
    let t = pdfSafe(text);
    while (t.length > 4 && font.widthOfTextAtSize(t, size) > maxWidth) t = t.slice(0, -4) + '...';
    this.page.drawText(t, { x, y: this.y - size, size, font, color: opts.gray ? rgb(0.4, 0.4, 0.4) : rgb(0, 0, 0) });
    this.y -= size * 1.45;
  }

  gap(points = 8): void {
    this.y -= points;
  }
}

/** "1-3, 7, 9-10" from sorted page numbers. */
export function pageRanges(pages: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < pages.length;) {
    let j = i;
    while (j + 1 < pages.length && (pages[j + 1] ?? 0) === (pages[j] ?? 0) + 1) j++;
    out.push(i === j ? `${pages[i]}` : `${pages[i]}-${pages[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
