import type { Box } from '../shared/boxes';
import type { DocumentStatsDTO, PageStatsDTO, StatsDTO } from '../shared/contract/review';
import type { ReportPage } from './page-boxes';
import { clip, unionArea, unionAreaWithin } from './union-area';

/** Ink bounds of a page image in its pixels (null: blank or unknown). */
export type InkLookup = (page: ReportPage) => Promise<Box | null>;

interface PageMeasure {
  stats: PageStatsDTO;
  pageArea: number;
  redactedArea: number;
  contentArea: number;
  redactedInContent: number;
}

/** Normalises an exemption label for the tally: "(b) (6)" and "b6" both become "(b)(6)". */
export function exemptionCode(label: string): string {
  const t = label.trim().replace(/\s+/g, '');
  const m = /^\(?([a-z])\)?\(?(\d+)\)?(?:\(?([A-Fa-f])\)?)?$/i.exec(t);
  if (!m) return label.trim().slice(0, 40);
  return `(${(m[1] ?? '').toLowerCase()})(${m[2] ?? ''})${m[3] ? `(${m[3].toUpperCase()})` : ''}`;
}

function tally(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

async function measurePage(p: ReportPage, ink: InkLookup): Promise<PageMeasure> {
  const frame: Box = [0, 0, p.width, p.height];
  const redactions = p.boxes
    .filter((b) => b.class === 'redaction')
    .map((b) => clip(b.box, frame))
    .filter((b): b is Box => b !== null);
  const content = p.boxes
    .filter((b) => b.class === 'content')
    .map((b) => clip(b.box, frame))
    .filter((b): b is Box => b !== null);
  let contentFrom: PageStatsDTO['contentFrom'] = 'content_box';
  let regions = content;
  if (regions.length === 0) {
    const inkBox = await ink(p);
    regions = [inkBox ?? frame];
    contentFrom = inkBox ? 'ink_bounds' : 'page';
  }
  const exemptions: Record<string, number> = {};
  for (const b of p.boxes) {
    if (b.class === 'exemption_label' && b.label?.trim()) {
      const code = exemptionCode(b.label);
      exemptions[code] = (exemptions[code] ?? 0) + 1;
    }
  }
  const pageArea = p.width * p.height;
  const redactedArea = unionArea(redactions);
  const contentArea = unionArea(regions);
  const redactedInContent = unionAreaWithin(redactions, regions);
  return {
    stats: {
      pageId: p.pageId,
      index: p.index,
      redactions: redactions.length,
      pageShare: pageArea ? redactedArea / pageArea : 0,
      contentShare: contentArea ? redactedInContent / contentArea : 0,
      contentFrom,
      exemptions,
    },
    pageArea,
    redactedArea,
    contentArea,
    redactedInContent,
  };
}

function documentStats(pages: ReportPage[], measures: PageMeasure[]): DocumentStatsDTO {
  const first = pages[0] as ReportPage;
  const sum = (f: (m: PageMeasure) => number): number => measures.reduce((s, m) => s + f(m), 0);
  const exemptions: Record<string, number> = {};
  for (const m of measures) tally(exemptions, m.stats.exemptions);
  return {
    documentId: first.documentId,
    name: first.documentName,
    pages: pages.length,
    redactedPages: measures.filter((m) => m.stats.redactions > 0).map((m) => m.stats.index + 1),
    redactions: sum((m) => m.stats.redactions),
    pageShare: sum((m) => m.pageArea) ? sum((m) => m.redactedArea) / sum((m) => m.pageArea) : 0,
    contentShare: sum((m) => m.contentArea) ? sum((m) => m.redactedInContent) / sum((m) => m.contentArea) : 0,
    exemptions,
    pageStats: measures.map((m) => m.stats),
  };
}

/**
 * Redaction statistics per page, document and collection: counts, share of the page area and
 * of the content area redacted (union of redaction boxes inside the `content` boxes, or inside
 * the page's ink bounds when there is no content box), redacted pages, exemption-code tally.
 */
export async function computeStats(
  pages: readonly ReportPage[],
  ink: InkLookup,
  meta: Pick<StatsDTO, 'source' | 'modelKey' | 'threshold'>,
): Promise<StatsDTO> {
  const byDoc = new Map<number, ReportPage[]>();
  for (const p of pages) byDoc.set(p.documentId, [...(byDoc.get(p.documentId) ?? []), p]);
  const documents: DocumentStatsDTO[] = [];
  const all: PageMeasure[] = [];
  for (const list of byDoc.values()) {
    const measures: PageMeasure[] = [];
    for (const p of list) measures.push(await measurePage(p, ink));
    all.push(...measures);
    documents.push(documentStats(list, measures));
  }
  const sum = (f: (m: PageMeasure) => number): number => all.reduce((s, m) => s + f(m), 0);
  const exemptions: Record<string, number> = {};
  for (const d of documents) tally(exemptions, d.exemptions);
  return {
    ...meta,
    documents,
    collection: {
      documents: documents.length,
      pages: all.length,
      redactedPages: all.filter((m) => m.stats.redactions > 0).length,
      redactions: sum((m) => m.stats.redactions),
      pageShare: sum((m) => m.pageArea) ? sum((m) => m.redactedArea) / sum((m) => m.pageArea) : 0,
      contentShare: sum((m) => m.contentArea) ? sum((m) => m.redactedInContent) / sum((m) => m.contentArea) : 0,
      exemptions,
    },
  };
}
