import { AppError } from '../shared/errors';
import type { CocoAnnotation, CocoCategory, CocoDetection, CocoGroundTruth, CocoImage } from './coco-types';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(what: string, fix: string): AppError {
  return new AppError('INVALID_DATA', `${what} ${fix}`);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function readBbox(v: unknown, where: string): number[] {
  if (!Array.isArray(v) || v.length !== 4 || !v.every(finite)) {
    throw bad(`${where} has no valid "bbox".`, 'A COCO box is [x, y, width, height] in pixels.');
  }
  return v;
}

function readList(root: Obj, key: string, file: string): unknown[] {
  const v = root[key];
  if (!Array.isArray(v)) {
    throw bad(`The ${file} has no "${key}" list.`, 'A COCO file has "images", "annotations" and "categories".');
  }
  return v;
}

function readImage(v: unknown, i: number): CocoImage {
  if (!isObj(v) || !finite(v.id)) throw bad(`Image ${i + 1} of the ground truth has no numeric "id".`, 'Fix the file.');
  return v as unknown as CocoImage;
}

function readCategory(v: unknown, i: number): CocoCategory {
  if (!isObj(v) || !finite(v.id)) {
    throw bad(`Category ${i + 1} of the ground truth has no numeric "id".`, 'Fix the file.');
  }
  return v as unknown as CocoCategory;
}

function readAnnotation(v: unknown, i: number): CocoAnnotation {
  const where = `Annotation ${i + 1} of the ground truth`;
  if (!isObj(v)) throw bad(`${where} is not an object.`, 'Fix the file.');
  if (!finite(v.image_id) || !finite(v.category_id)) {
    throw bad(`${where} has no numeric "image_id" or "category_id".`, 'Fix the file.');
  }
  if (v.id !== undefined && !finite(v.id)) throw bad(`${where} has a non-numeric "id".`, 'Fix the file.');
  readBbox(v.bbox, where);
  if (v.area !== undefined && !finite(v.area)) throw bad(`${where} has a non-numeric "area".`, 'Fix the file.');
  return v as unknown as CocoAnnotation;
}

/** Checks the shape of a COCO ground-truth file (as parsed JSON) and returns it typed. */
export function readGroundTruth(value: unknown): CocoGroundTruth {
  if (!isObj(value)) {
    throw bad('The ground-truth file is not a COCO object.', 'It needs "images", "annotations" and "categories".');
  }
  return {
    images: readList(value, 'images', 'ground-truth file').map(readImage),
    annotations: readList(value, 'annotations', 'ground-truth file').map(readAnnotation),
    categories: readList(value, 'categories', 'ground-truth file').map(readCategory),
  };
}

/** Checks a COCO results list (`[{image_id, category_id, bbox, score}]`) and returns it typed. */
export function readDetections(value: unknown): CocoDetection[] {
  if (!Array.isArray(value)) {
    throw bad(
      'The detections file is not a list.',
      'COCO results are a JSON list of {image_id, category_id, bbox, score}.',
    );
  }
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    const where = `Detection ${i + 1}`;
    if (!isObj(d) || !finite(d.image_id) || !finite(d.category_id)) {
      throw bad(`${where} has no numeric "image_id" or "category_id".`, 'Fix the detections file.');
    }
    readBbox(d.bbox, where);
    if (typeof d.score !== 'number' || Number.isNaN(d.score)) {
      throw bad(`${where} has no numeric "score".`, 'Every detection needs a confidence score.');
    }
  }
  return value as CocoDetection[];
}
