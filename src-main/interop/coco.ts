import { CLASSES, type BoxClass, type BoxStyle } from '../shared/boxes';
import type { DatasetPage } from '../datasets/dataset-pages';
import { APP_VERSION } from '../app/version';

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** [x, y, width, height] in image pixels. */
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0 | 1;
  /** Optional box attributes (style, exemption label), as CVAT writes them. */
  attributes?: { style?: BoxStyle; label?: string };
}

export interface CocoCategory {
  id: number;
  name: BoxClass;
  supercategory: string;
}

export interface CocoDataset {
  info: { description: string; version: string; date_created: string };
  licenses: unknown[];
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

/** Fixed category ids: 1 redaction, 2 content, 3 exemption_label. */
export const COCO_CATEGORIES: CocoCategory[] = CLASSES.map((name, i) => ({
  id: i + 1,
  name,
  supercategory: 'document',
}));

export function categoryId(c: BoxClass): number {
  return CLASSES.indexOf(c) + 1;
}

/** Rounds to 1e-6: removes float noise from x1 - x0 while keeping any coordinate written with 6 decimals. */
export function r6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * A COCO detection dataset of pages: every page is an image (pages without boxes included), ids
 * are page ids and annotation ids, `file_name` comes from `fileNames`.
 */
export function buildCoco(
  pages: readonly DatasetPage[],
  fileNames: Map<number, string>,
  description: string,
): CocoDataset {
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  for (const p of pages) {
    images.push({
      id: p.pageId,
      file_name: fileNames.get(p.pageId) ?? `${p.pageId}.png`,
      width: p.width,
      height: p.height,
    });
    for (const b of p.boxes) {
      const w = r6(b.box[2] - b.box[0]);
      const h = r6(b.box[3] - b.box[1]);
      const a: CocoAnnotation = {
        id: b.id,
        image_id: p.pageId,
        category_id: categoryId(b.class),
        bbox: [r6(b.box[0]), r6(b.box[1]), w, h],
        area: r6(w * h),
        iscrowd: 0,
      };
      if (b.style || b.label)
        a.attributes = { ...(b.style ? { style: b.style } : {}), ...(b.label ? { label: b.label } : {}) };
      annotations.push(a);
    }
  }
  return {
    info: { description, version: APP_VERSION, date_created: new Date().toISOString() },
    licenses: [],
    images,
    annotations,
    categories: COCO_CATEGORIES,
  };
}
