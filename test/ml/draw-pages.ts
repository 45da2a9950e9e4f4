import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import type { Services } from '../../src-main/app/services';
import type { BoxClass } from '../../src-main/shared/boxes';

/** A tiny COCO set drawn for ML tests: paper-coloured pages with text lines and black bars. */
export interface DrawnSet {
  coco: string;
  images: string;
  /** Boxes per image in page pixels [x0, y0, x1, y1] with class name. */
  boxes: { file: string; boxes: { cls: string; box: [number, number, number, number] }[] }[];
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws `count` pages of `w`×`h` pixels: grey "text" lines, 1–4 black redaction bars (some thin
 * and long, up to ~30:1), sometimes an exemption label box, and a content box around the text.
 */
export function drawPages(dir: string, count: number, seed: number, w = 240, h = 320): DrawnSet {
  const r = rng(seed);
  const imagesDir = path.join(dir, 'images');
  fs.mkdirSync(imagesDir, { recursive: true });
  const images: object[] = [];
  const annotations: object[] = [];
  const sets: DrawnSet['boxes'] = [];
  let annId = 1;
  for (let i = 0; i < count; i++) {
    const canvas = createCanvas(w, h);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = `rgb(${245 + Math.floor(r() * 10)}, ${243 + Math.floor(r() * 10)}, ${235 + Math.floor(r() * 15)})`;
    ctx.fillRect(0, 0, w, h);
    const margin = Math.round(w * 0.1);
    const lineH = 12;
    ctx.fillStyle = '#777';
    for (let y = margin; y < h - margin; y += lineH) ctx.fillRect(margin, y, w - 2 * margin - Math.floor(r() * 40), 3);
    const boxes: DrawnSet['boxes'][number]['boxes'] = [
      { cls: 'content', box: [margin, margin, w - margin, h - margin + 3] },
    ];
    const n = 1 + Math.floor(r() * 4);
    for (let k = 0; k < n; k++) {
      const row = Math.floor(r() * ((h - 2 * margin) / lineH - 2));
      const y0 = margin + row * lineH - 2;
      const bw = Math.round(20 + r() * (w - 2 * margin - 20));
      const x0 = margin + Math.floor(r() * (w - 2 * margin - bw));
      const bh = r() < 0.7 ? 7 : 7 + lineH * Math.floor(1 + r() * 3);
      if (boxes.some((b) => b.cls === 'redaction' && !(y0 + bh <= b.box[1] || y0 >= b.box[3]))) continue;
      ctx.fillStyle = '#000';
      ctx.fillRect(x0, y0, bw, bh);
      boxes.push({ cls: 'redaction', box: [x0, y0, x0 + bw, y0 + bh] });
      if (r() < 0.4 && x0 > margin + 34) {
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 - 32, y0 - 2, 28, 11);
        ctx.fillStyle = '#333';
        ctx.fillRect(x0 - 28, y0 + 2, 20, 3);
        boxes.push({ cls: 'exemption_label', box: [x0 - 33, y0 - 3, x0 - 3, y0 + 10] });
      }
    }
    const file = `${String(i).padStart(4, '0')}.png`;
    fs.writeFileSync(path.join(imagesDir, file), canvas.toBuffer('image/png'));
    images.push({ id: i + 1, file_name: file, width: w, height: h });
    for (const b of boxes) {
      const [x0, y0, x1, y1] = b.box;
      const cat = b.cls === 'redaction' ? 1 : b.cls === 'content' ? 2 : 3;
      annotations.push({
        id: annId++,
        image_id: i + 1,
        category_id: cat,
        bbox: [x0, y0, x1 - x0, y1 - y0],
        area: (x1 - x0) * (y1 - y0),
        iscrowd: 0,
      });
    }
    sets.push({ file, boxes });
  }
  const categories = [
    { id: 1, name: 'redaction' },
    { id: 2, name: 'content' },
    { id: 3, name: 'exemption_label' },
  ];
  const coco = path.join(dir, 'annotations.json');
  fs.writeFileSync(coco, JSON.stringify({ images, annotations, categories }));
  return { coco, images: imagesDir, boxes: sets };
}

/**
 * Adds pages `from`..`to` (exclusive) of a drawn set to the library as one annotated document of
 * 240×320 pages, through the same path the synthetic generator uses.
 */
export function addDrawnDocument(
  s: Services,
  set: DrawnSet,
  name: string,
  kind: 'image' | 'synthetic',
  from: number,
  to: number,
): Promise<{ documentId: number; pageIds: number[]; existing: boolean }> {
  return s.documents.addRenderedDocument({
    name,
    kind,
    pages: set.boxes.slice(from, to).map((p) => ({
      png: fs.readFileSync(path.join(set.images, p.file)),
      width: 240,
      height: 320,
      dpi: 72,
      annotations: p.boxes.map((b) => ({ class: b.cls as BoxClass, box: b.box })),
    })),
  });
}
