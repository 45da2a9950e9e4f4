import fs from 'node:fs';
import path from 'node:path';
import type { NewAnnotation } from '../documents/commit';
import type { BoxClass } from '../shared/boxes';
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
import { invalidData, readJsonFile } from './safe-json';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when parsed JSON looks like a COCO detection file. */
export function looksLikeCoco(v: unknown): boolean {
  return isObj(v) && Array.isArray(v.images) && Array.isArray(v.categories);
}

function categories(file: string, raw: unknown[]): Map<unknown, BoxClass> {
  const map = new Map<unknown, BoxClass>();
  for (const [i, c] of raw.entries()) {
    if (!isObj(c)) throw invalidData(file, `category ${i + 1} is not an object.`);
    const cls = classOf(c.name);
    if (!cls) {
      throw invalidData(
        file,
        `category "${String(c.name).slice(0, 60)}" is not one of redaction, content, exemption_label.`,
      );
    }
    map.set(c.id, cls);
  }
  return map;
}

/**
 * Reads and checks a COCO file: categories by name, images (unique ids and file names, sizes),
 * annotations (known image and category, finite positive boxes inside their image). Images are
 * looked up in `imagesDir` (default: `images/` next to the file, else the file's folder).
 */
export function parseCoco(file: string, imagesDir?: string): AnnotatedImage[] {
  const data = readJsonFile(file);
  if (!looksLikeCoco(data))
    throw invalidData(file, 'it is not a COCO file (it needs "images" and "categories" lists).');
  const d = data as Obj & { images: unknown[]; categories: unknown[] };
  const anns = d.annotations === undefined ? [] : d.annotations;
  if (!Array.isArray(anns)) throw invalidData(file, '"annotations" is not a list.');
  if (d.images.length > MAX_IMAGES)
    throw invalidData(file, `it lists ${d.images.length} images; at most ${MAX_IMAGES} can be imported at once.`);
  const cats = categories(file, d.categories);
  const dir = imagesDir ?? defaultImagesDir(file);
  const byId = new Map<unknown, AnnotatedImage>();
  const names = new Set<string>();
  for (const [i, im] of d.images.entries()) {
    if (!isObj(im)) throw invalidData(file, `image ${i + 1} is not an object.`);
    if (typeof im.id !== 'number' && typeof im.id !== 'string') throw invalidData(file, `image ${i + 1} has no id.`);
    if (byId.has(im.id)) throw invalidData(file, `two images have the id ${String(im.id)}.`);
    if (typeof im.file_name !== 'string' || !im.file_name)
      throw invalidData(file, `image ${String(im.id)} has no file_name.`);
    if (names.has(im.file_name))
      throw invalidData(file, `two images have the file_name "${im.file_name.slice(0, 100)}".`);
    names.add(im.file_name);
    const size = checkSize(file, `image "${im.file_name}"`, im.width, im.height);
    byId.set(im.id, { name: im.file_name, file: resolveImage(file, dir, im.file_name), ...size, boxes: [] });
  }
  for (const [i, a] of anns.entries()) {
    if (!isObj(a)) throw invalidData(file, `annotation ${i + 1} is not an object.`);
    const where = `annotation ${typeof a.id === 'number' || typeof a.id === 'string' ? a.id : i + 1}`;
    const img = byId.get(a.image_id);
    if (!img) throw invalidData(file, `${where} refers to image ${String(a.image_id)}, which is not in the file.`);
    const cls = cats.get(a.category_id);
    if (!cls)
      throw invalidData(file, `${where} refers to category ${String(a.category_id)}, which is not in the file.`);
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4)
      throw invalidData(file, `${where} has no [x, y, width, height] bbox.`);
    const [x, y, w, h] = a.bbox as number[];
    const box = checkBox(file, where, [x!, y!, x! + w!, y! + h!], img.width, img.height);
    const attrs = isObj(a.attributes) ? a.attributes : {};
    const ann: NewAnnotation = { class: cls, box, style: styleOf(attrs.style), label: labelOf(attrs.label) };
    img.boxes.push(ann);
  }
  const images = [...byId.values()];
  for (const im of images) checkBoxCount(file, im.name, im.boxes.length);
  return images;
}

function defaultImagesDir(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return fs.existsSync(path.join(dir, 'images')) ? path.join(dir, 'images') : dir;
}
