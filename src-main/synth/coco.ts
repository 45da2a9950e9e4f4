import { CLASSES, toCoco, type BoxClass } from '../shared/boxes';
import type { SynthSettings } from '../shared/contract/synth';
import type { BatchPage } from './batch-types';
import { GENERATOR_VERSION } from './constants';

/** Category ids are fixed: redaction 1, content 2, exemption_label 3. */
export const CATEGORY_IDS: Record<BoxClass, number> = { redaction: 1, content: 2, exemption_label: 3 };

export interface CocoImage {
  id: number;
  file_name: string;
  width: number;
  height: number;
  layout: string;
  dpi: number;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  iscrowd: 0;
  style?: string;
  label?: string;
  shape?: string;
}

export interface CocoSet {
  info: { description: string; generator: number; seed: number; profile: string | null; settings: SynthSettings };
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: { id: number; name: BoxClass; supercategory: string }[];
}

/** The COCO file of a generated set; no dates or paths inside, so it is byte-identical for the same seed. */
export function buildCoco(
  pages: BatchPage[],
  info: { settings: SynthSettings; seed: number; profile: string | null },
): CocoSet {
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  pages.forEach((p, i) => {
    const imageId = i + 1;
    images.push({
      id: imageId,
      file_name: p.file,
      width: p.width,
      height: p.height,
      layout: p.meta.layout,
      dpi: p.meta.dpi,
    });
    for (const a of p.annotations) {
      const bbox = toCoco(a.box);
      const ann: CocoAnnotation = {
        id: annotations.length + 1,
        image_id: imageId,
        category_id: CATEGORY_IDS[a.class],
        bbox,
        area: bbox[2] * bbox[3],
        iscrowd: 0,
      };
      if (a.style) ann.style = a.style;
      if (a.label) ann.label = a.label;
      if (a.shape) ann.shape = a.shape;
      annotations.push(ann);
    }
  });
  return {
    info: { description: 'Redaction Lab synthetic pages', generator: GENERATOR_VERSION, ...info },
    images,
    annotations,
    categories: CLASSES.map((name) => ({ id: CATEGORY_IDS[name], name, supercategory: 'page' })),
  };
}
