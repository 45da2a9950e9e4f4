import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { AuditBox, AuditFinding, AuditPage, FindingKind } from '../shared/contract/audit';
import type { Box } from '../shared/boxes';
import { annotationCovers } from './annotations';
import { concealedGlyphs, darkCovers, PAGE_IMAGE_SHARE, textInside, textUnderCovers, HIDDEN_SHARE } from './covers';
import { area, coveredShare, roundBox } from './geometry';
import { darkShare } from './images';
import { buildScene } from './interpreter';
import type { Pdfjs } from './pdfjs';
import type { FontInfo, PageScene } from './scene';
import { classifyHiddenText } from './text-rules';
import { leakFields } from './leak';

/** A finding with its leaked text, before the text is stripped for anything but a reveal. */
export interface RawFinding extends AuditFinding {
  rawText: string;
}

export interface PageAnalysis {
  page: AuditPage;
  findings: RawFinding[];
  scene: PageScene;
}

/** Extra redaction boxes to cross-check on this page (detections or annotations), in points. */
export interface DetectionBox {
  bbox: Box;
  label: string;
}

function fontLookup(page: PDFPageProxy): (id: string) => FontInfo | null {
  const cache = new Map<string, FontInfo | null>();
  return (id) => {
    if (cache.has(id)) return cache.get(id) ?? null;
    let info: FontInfo | null = null;
    try {
      if (page.commonObjs.has(id)) {
        const f = page.commonObjs.get(id) as Partial<Record<string, unknown>>;
        const fm = Array.isArray(f.fontMatrix) ? (f.fontMatrix as number[]) : [0.001, 0, 0, 0.001, 0, 0];
        info = {
          fontMatrix: fm,
          ascent: typeof f.ascent === 'number' ? f.ascent : 0.8,
          descent: typeof f.descent === 'number' ? f.descent : -0.2,
          vertical: f.vertical === true,
          isType3: f.isType3Font === true,
        };
      }
    } catch {
      info = null;
    }
    cache.set(id, info);
    return info;
  };
}

function imageObject(page: PDFPageProxy, objId: string): unknown {
  try {
    const objs = objId.startsWith('g_') ? page.commonObjs : page.objs;
    return objs.has(objId) ? (objs.get(objId) as unknown) : null;
  } catch {
    return null;
  }
}

function imageDarkness(page: PDFPageProxy, scene: PageScene): Map<number, number | null> {
  const pageArea = scene.width * scene.height;
  const out = new Map<number, number | null>();
  for (const im of scene.images) {
    // Full-page scans are never overlays; skip decoding their pixels.
    if (area(im.box) > PAGE_IMAGE_SHARE * pageArea) continue;
    out.set(im.seq, darkShare(im.objId ? imageObject(page, im.objId) : im.inline));
  }
  return out;
}

/** Reads one page into a scene: operator list (annotations excluded) plus fonts and images. */
export async function readScene(pdfjs: Pdfjs, page: PDFPageProxy): Promise<PageScene> {
  const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  return buildScene(pdfjs.OPS, { ops, view: page.view, rotate: page.rotate, font: fontLookup(page) });
}

function finding(kind: FindingKind, bbox: Box, rawText: string, message: string): RawFinding {
  const leak = kind !== 'ocr_layer_under_image' && kind !== 'pixel_detection_only';
  return {
    kind,
    severity: leak ? 'leak' : 'info',
    bbox: roundBox(bbox),
    ...(leak ? leakFields(rawText) : { text_length: 0, text_sha1: null }),
    message,
    rawText: leak ? rawText : '',
  };
}

/** Scanned pages: a full-page image drawn over (or with) a text layer the reader never sees. */
function ocrLayerFinding(scene: PageScene): RawFinding | null {
  const pageArea = scene.width * scene.height;
  for (const im of scene.images) {
    if (area(im.box) <= PAGE_IMAGE_SHARE * pageArea) continue;
    const under = scene.glyphs.filter(
      (g) => g.text.trim() && (g.seq < im.seq || g.invisible) && coveredShare(g.box, im.box) >= HIDDEN_SHARE,
    );
    if (under.length === 0) continue;
    const n = under.reduce((s, g) => s + g.text.length, 0);
    return finding(
      'ocr_layer_under_image',
      im.box,
      '',
      `A scanned image covers a text layer of ${n} characters (OCR). Text under redactions in the scan may still be searchable.`,
    );
  }
  return null;
}

/** Analyses one page: dark covers, annotations, detection boxes, scanned-page layers. */
export async function analysePage(
  pdfjs: Pdfjs,
  page: PDFPageProxy,
  pageNumber: number,
  detections: readonly DetectionBox[] = [],
): Promise<PageAnalysis> {
  const scene = await readScene(pdfjs, page);
  const covers = darkCovers(scene, imageDarkness(page, scene));
  const covered = textUnderCovers(scene.glyphs, covers);
  const findings: RawFinding[] = [];
  const boxes: AuditBox[] = covered.map((c) => ({
    bbox: roundBox(c.cover.box),
    source: c.cover.source,
    verdict: c.verdict,
  }));
  for (const c of covered) {
    if (c.verdict !== 'leak') continue;
    const kind = c.cover.source === 'image' ? 'text_under_image' : 'text_under_box';
    const what = c.cover.source === 'image' ? 'a dark image' : 'a dark box';
    findings.push(finding(kind, c.cover.box, c.text, `Text is still in the file under ${what}.`));
  }
  for (const a of await annotationCovers(pdfjs, page)) {
    const text = textInside(scene.glyphs, a.box);
    if (classifyHiddenText(text) !== 'leak') continue;
    findings.push(finding(a.kind, a.box, text, a.message));
  }
  const concealed = concealedGlyphs(scene);
  for (const d of detections) {
    const text = textInside(concealed, d.bbox);
    if (classifyHiddenText(text) !== 'leak') continue;
    const inFinding = findings.some((f) => coveredShare(d.bbox, f.bbox) >= 0.5);
    if (inFinding) continue;
    findings.push(
      finding('text_under_detection', d.bbox, text, `The text layer still has characters under a ${d.label} box.`),
    );
  }
  const ocr = ocrLayerFinding(scene);
  if (ocr) findings.push(ocr);
  const textChars = scene.glyphs.reduce((s, g) => s + (g.text.trim() ? g.text.length : 0), 0);
  if (textChars === 0) {
    findings.push(
      finding('pixel_detection_only', [0, 0, scene.width, scene.height], '', 'No text layer: pixel detection only.'),
    );
  }
  const publicFindings = findings.map(({ rawText: _r, ...f }) => f);
  return {
    page: {
      page: pageNumber,
      width: Math.round(scene.width * 100) / 100,
      height: Math.round(scene.height * 100) / 100,
      rotate: scene.rotate,
      text_chars: textChars,
      boxes,
      findings: publicFindings,
    },
    findings,
    scene,
  };
}
