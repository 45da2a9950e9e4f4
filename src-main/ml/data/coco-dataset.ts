import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { insideDir } from '../../app/paths';

/** A ground-truth box in page pixels with its class index. */
export interface PageBox {
  box: [number, number, number, number];
  cls: number;
}

/** One training or validation page. */
export interface Sample {
  /** Absolute path of the page image. */
  file: string;
  /** COCO image id and file name (for results files). */
  imageId: number;
  fileName: string;
  width: number;
  height: number;
  boxes: PageBox[];
  /** Where the page came from, for the real:synthetic mix. */
  source: 'real' | 'synthetic';
}

export interface Dataset {
  classes: string[];
  samples: Sample[];
}

interface CocoFile {
  images?: { id: number; file_name?: string; width?: number; height?: number }[];
  annotations?: { image_id: number; category_id: number; bbox: number[]; iscrowd?: number | boolean }[];
  categories?: { id: number; name?: string }[];
}

/** The classes of a COCO file: category names in id order. */
export function cocoClasses(coco: CocoFile): string[] {
  const cats = [...(coco.categories ?? [])].sort((a, b) => a.id - b.id);
  return cats.map((c) => c.name ?? String(c.id));
}

export function readCocoFile(file: string): CocoFile {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `The annotations file ${file} cannot be read. Check the path.`);
  }
  try {
    return JSON.parse(raw) as CocoFile;
  } catch {
    throw new AppError('INVALID_DATA', `${file} is not valid JSON. Export the annotations again as COCO.`);
  }
}

/**
 * Reads a COCO detection file and its images folder into samples. Categories map to `classes`
 * by name (default: the file's own categories); boxes of other categories and crowd regions are
 * skipped. Image paths must stay inside `imagesDir`.
 */
export function loadCocoDataset(
  cocoFile: string,
  imagesDir: string,
  opts: { classes?: string[]; source?: Sample['source'] } = {},
): Dataset {
  const coco = readCocoFile(cocoFile);
  if (!Array.isArray(coco.images) || !Array.isArray(coco.annotations) || !Array.isArray(coco.categories)) {
    throw new AppError('INVALID_DATA', `${cocoFile} is not a COCO detection file (images, annotations, categories).`);
  }
  const classes = opts.classes ?? cocoClasses(coco);
  const clsOfCat = new Map<number, number>();
  for (const c of coco.categories) {
    const i = classes.indexOf(c.name ?? String(c.id));
    if (i >= 0) clsOfCat.set(c.id, i);
  }
  const byImage = new Map<number, PageBox[]>();
  for (const a of coco.annotations) {
    const cls = clsOfCat.get(a.category_id);
    if (cls === undefined || a.iscrowd || !Array.isArray(a.bbox) || a.bbox.length !== 4) continue;
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    if (!(w > 0 && h > 0)) continue;
    const list = byImage.get(a.image_id) ?? [];
    list.push({ box: [x, y, x + w, y + h], cls });
    byImage.set(a.image_id, list);
  }
  const samples = coco.images.map((im): Sample => {
    const file = im.file_name ? insideDir(imagesDir, im.file_name) : null;
    if (!file) throw new AppError('INVALID_DATA', `Image ${im.id} of ${cocoFile} has a missing or unsafe file_name.`);
    if (!fs.existsSync(file))
      throw new AppError('NOT_FOUND', `The image ${file} listed in ${cocoFile} does not exist.`);
    return {
      file,
      imageId: im.id,
      fileName: im.file_name!,
      width: im.width ?? 0,
      height: im.height ?? 0,
      boxes: byImage.get(im.id) ?? [],
      source: opts.source ?? 'real',
    };
  });
  return { classes, samples };
}

/** Which folder a COCO file's images are in by default: `images/` next to it, else its own folder. */
export function defaultImagesDir(cocoFile: string): string {
  const dir = path.dirname(cocoFile);
  const images = path.join(dir, 'images');
  return fs.existsSync(images) ? images : dir;
}
