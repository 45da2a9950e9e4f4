import fs from 'node:fs';
import path from 'node:path';
import type { NewAnnotation } from '../documents/commit';
import {
  checkBox,
  checkBoxCount,
  checkSize,
  classOf,
  labelOf,
  MAX_IMAGES,
  resolveImage,
  styleOf,
  type AnnotatedImage,
} from './annotated-image';
import { invalidData, readTextFile } from './safe-json';
import { child, children, parseXml, type XmlNode } from './xml';

function listXml(dir: string, rel = '', out: string[] = [], depth = 0): string[] {
  if (depth > 16) return out;
  for (const e of fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) listXml(dir, r, out, depth + 1);
    else if (/\.xml$/i.test(e.name)) out.push(r);
  }
  return out;
}

function num(file: string, where: string, n: XmlNode | undefined, tag: string): number {
  const t = child(n, tag)?.text;
  const v = t === undefined || t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw invalidData(file, `${where} has no numeric <${tag}>.`);
  return v;
}

/** Attributes as CVAT writes them: `<attributes><attribute><name>style</name><value>black</value>…`. */
function attributes(obj: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of children(child(obj, 'attributes'), 'attribute')) {
    const k = child(a, 'name')?.text;
    if (k === 'style' || k === 'label') out[k] = child(a, 'value')?.text ?? '';
  }
  return out;
}

function parseOne(file: string, imagesDir: string): AnnotatedImage {
  let root: XmlNode;
  try {
    root = parseXml(readTextFile(file, 10 * 1024 * 1024));
  } catch (e) {
    if ((e as { code?: string }).code) throw e;
    throw invalidData(file, `it is not valid XML (${(e as Error).message}).`);
  }
  if (root.name !== 'annotation') throw invalidData(file, 'it is not a Pascal VOC annotation (no <annotation> root).');
  const name = child(root, 'filename')?.text;
  if (!name) throw invalidData(file, 'it has no <filename>.');
  const sizeNode = child(root, 'size');
  const size = checkSize(
    file,
    '<size>',
    num(file, '<size>', sizeNode, 'width'),
    num(file, '<size>', sizeNode, 'height'),
  );
  const boxes: NewAnnotation[] = children(root, 'object').map((obj, i) => {
    const where = `object ${i + 1}`;
    const cls = classOf(child(obj, 'name')?.text);
    if (!cls)
      throw invalidData(
        file,
        `${where} is named "${child(obj, 'name')?.text ?? ''}", not redaction, content or exemption_label.`,
      );
    const bb = child(obj, 'bndbox');
    // VOC corners are 1-based pixel indices: xmin = x0 + 1, xmax = x1.
    const raw = [
      num(file, where, bb, 'xmin') - 1,
      num(file, where, bb, 'ymin') - 1,
      num(file, where, bb, 'xmax'),
      num(file, where, bb, 'ymax'),
    ];
    const attrs = attributes(obj);
    return {
      class: cls,
      box: checkBox(file, where, raw, size.width, size.height),
      style: styleOf(attrs.style),
      label: labelOf(attrs.label),
    };
  });
  checkBoxCount(file, name, boxes.length);
  return { name, file: resolveImage(file, imagesDir, name), ...size, boxes };
}

/** Reads a Pascal VOC folder: `Annotations/**.xml`, images in `JPEGImages/` (or `imagesDir`). */
export function parseVoc(dir: string, imagesDir?: string): AnnotatedImage[] {
  const root = path.resolve(dir);
  const annDir = fs.existsSync(path.join(root, 'Annotations')) ? path.join(root, 'Annotations') : root;
  const imgDir = imagesDir
    ? path.resolve(imagesDir)
    : fs.existsSync(path.join(root, 'JPEGImages'))
      ? path.join(root, 'JPEGImages')
      : root;
  const files = listXml(annDir);
  if (files.length === 0) throw invalidData(root, 'it has no Pascal VOC .xml files (looked in Annotations/).');
  if (files.length > MAX_IMAGES)
    throw invalidData(
      root,
      `it holds ${files.length} annotation files; at most ${MAX_IMAGES} can be imported at once.`,
    );
  const images = files.map((f) => parseOne(path.join(annDir, f), imgDir));
  const seen = new Set<string>();
  for (const im of images) {
    if (seen.has(im.name)) throw invalidData(root, `two annotation files name the image "${im.name}".`);
    seen.add(im.name);
  }
  return images;
}
