import type { Ops } from './pdfjs';
import { fromComponents, parseColor, type Rgb } from './colors';
import { compose, pageFrame, toMatrix, transformRect, type Matrix } from './geometry';
import { readPath } from './paths';
import type { FontInfo, PageScene } from './scene';
import { applyTextOp, isTextOp, initialTextState, layoutGlyphs, type TextState } from './text-layout';

interface GState {
  ctm: Matrix;
  fill: Rgb | null;
  stroke: Rgb | null;
  fillAlpha: number;
  text: TextState;
}

export interface OperatorList {
  fnArray: readonly number[];
  argsArray: readonly unknown[];
}

export interface SceneInput {
  ops: OperatorList;
  /** The page's view box `[x0, y0, x1, y1]` in PDF user space. */
  view: readonly number[];
  rotate: number;
  /** Font lookup by pdfjs font id (page.commonObjs). */
  font(id: string): FontInfo | null;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function colorArg(args: unknown[]): Rgb | null {
  return typeof args[0] === 'string' ? parseColor(args[0]) : fromComponents(args.map((a) => num(a)));
}

/**
 * Walks a page's operator list tracking the graphics state (CTM, fill colour and opacity,
 * save/restore, forms and groups) and the text state, and records every filled shape, glyph
 * and image in drawing order. Pure: no pdfjs calls, so it can be tested on hand-built lists.
 */
class SceneBuilder {
  private g: GState;
  private readonly stack: GState[] = [];
  private readonly fillOps: Set<number>;
  readonly scene: PageScene;

  constructor(
    private readonly OPS: Ops,
    private readonly input: SceneInput,
  ) {
    const v = input.view;
    this.scene = {
      width: num(v[2]) - num(v[0]),
      height: num(v[3]) - num(v[1]),
      rotate: input.rotate,
      glyphs: [],
      fills: [],
      images: [],
    };
    this.g = { ctm: pageFrame(v), fill: [0, 0, 0], stroke: [0, 0, 0], fillAlpha: 1, text: initialTextState() };
    this.fillOps = new Set([
      OPS.fill,
      OPS.eoFill,
      OPS.fillStroke,
      OPS.eoFillStroke,
      OPS.closeFillStroke,
      OPS.closeEOFillStroke,
      OPS.rawFillPath,
    ]);
  }

  run(): PageScene {
    const { fnArray, argsArray } = this.input.ops;
    for (let i = 0; i < fnArray.length; i++) {
      const fn = fnArray[i] ?? -1;
      const args = (Array.isArray(argsArray[i]) ? argsArray[i] : []) as unknown[];
      if (isTextOp(this.OPS, fn)) this.text(fn, args, i);
      else if (!this.state(fn, args)) this.paint(fn, args, i);
    }
    return this.scene;
  }

  /** Graphics-state operators; returns false when `fn` is not one of them. */
  private state(fn: number, args: unknown[]): boolean {
    const OPS = this.OPS;
    const g = this.g;
    if (fn === OPS.save) this.stack.push({ ...g, text: { ...g.text } });
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd || fn === OPS.endGroup) this.restore();
    else if (fn === OPS.transform) this.transform(toMatrix(args));
    else if (fn === OPS.paintFormXObjectBegin) {
      this.stack.push({ ...g, text: { ...g.text } });
      this.transform(toMatrix(args[0]));
    } else if (fn === OPS.beginGroup) {
      this.stack.push({ ...g, text: { ...g.text } });
      this.transform(toMatrix((args[0] as { matrix?: unknown } | undefined)?.matrix));
    } else if (fn === OPS.setGState) this.gstate(args[0]);
    else if (fn === OPS.setFillRGBColor || fn === OPS.setFillGray || fn === OPS.setFillCMYKColor) {
      g.fill = colorArg(args);
    } else if (fn === OPS.setFillColor) g.fill = colorArg(args);
    else if (fn === OPS.setFillColorN || fn === OPS.setFillTransparent) g.fill = null;
    else if (fn === OPS.setStrokeRGBColor || fn === OPS.setStrokeGray || fn === OPS.setStrokeCMYKColor) {
      g.stroke = colorArg(args);
    } else if (fn === OPS.setStrokeColor) g.stroke = colorArg(args);
    else if (fn === OPS.setStrokeColorN || fn === OPS.setStrokeTransparent) g.stroke = null;
    else return false;
    return true;
  }

  /** Operators that put marks on the page: filled paths, solid masks, images. */
  private paint(fn: number, args: unknown[], seq: number): void {
    const OPS = this.OPS;
    const g = this.g;
    if (fn === OPS.constructPath) {
      const paintOp = num(args[0], -1);
      if (!this.fillOps.has(paintOp)) return;
      const data = Array.isArray(args[1]) ? (args[1] as unknown[])[0] : args[1];
      const evenOdd = paintOp === OPS.eoFill || paintOp === OPS.eoFillStroke || paintOp === OPS.closeEOFillStroke;
      for (const s of readPath(data, g.ctm, evenOdd)) {
        this.scene.fills.push({ seq, box: s.box, rect: s.rect, color: g.fill, alpha: g.fillAlpha });
      }
    } else if (fn === OPS.paintSolidColorImageMask) {
      this.scene.fills.push({ seq, box: this.unitSquare(), rect: true, color: g.fill, alpha: g.fillAlpha });
    } else if (fn === OPS.paintImageXObject) {
      const objId = typeof args[0] === 'string' ? args[0] : null;
      this.scene.images.push({ seq, box: this.unitSquare(), objId, inline: null, alpha: g.fillAlpha });
    } else if (fn === OPS.paintInlineImageXObject) {
      this.scene.images.push({ seq, box: this.unitSquare(), objId: null, inline: args[0], alpha: g.fillAlpha });
    }
  }

  private text(fn: number, args: unknown[], seq: number): void {
    const g = this.g;
    const glyphs = applyTextOp(this.OPS, g.text, fn, args, (id) => this.input.font(id));
    if (!glyphs) return;
    const mode = g.text.renderMode & 7;
    const color = mode === 1 || mode === 5 ? g.stroke : g.fill;
    const invisible = (mode & 3) === 3;
    for (const p of layoutGlyphs(g.text, g.ctm, glyphs)) {
      this.scene.glyphs.push({ seq, text: p.text, box: p.box, color, invisible });
    }
  }

  private gstate(entries: unknown): void {
    for (const entry of Array.isArray(entries) ? (entries as unknown[]) : []) {
      if (!Array.isArray(entry)) continue;
      const [key, value] = entry as [unknown, unknown];
      if (key === 'ca') this.g.fillAlpha = num(value, 1);
      else if (key === 'Font' && Array.isArray(value)) {
        applyTextOp(this.OPS, this.g.text, this.OPS.setFont, value as unknown[], (id) => this.input.font(id));
      }
    }
  }

  private restore(): void {
    const prev = this.stack.pop();
    if (prev) this.g = prev;
  }

  private transform(m: Matrix | null): void {
    if (m) this.g.ctm = compose(this.g.ctm, m);
  }

  private unitSquare(): [number, number, number, number] {
    return transformRect(this.g.ctm, 0, 0, 1, 1);
  }
}

export function buildScene(OPS: Ops, input: SceneInput): PageScene {
  return new SceneBuilder(OPS, input).run();
}
