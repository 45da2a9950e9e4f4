import { evaluateCoco } from '../../eval/coco';
import type { CocoDetection, CocoGroundTruth } from '../../eval/coco-types';
import { NO_AUGMENT } from '../data/augment';
import type { Sample } from '../data/coco-dataset';
import { boxToPage, type Placement } from '../data/letterbox';
import type { PageCache } from '../data/page-cache';
import type { Locations } from '../model/locations';
import { boxIou, classLimits, postprocess, type RawDetection } from '../model/postprocess';
import { inkExtent } from '../model/content-fit';
import { snapToFill, type InkImage } from '../model/snap';
import { verifyDetections, type PageVerifier } from '../model/label-verifier';
import { batchIndices, loadBatch } from './batches';
import type { ReplicaPool } from './replica-pool';

/** A detection in page pixels. */
export interface PageDetection {
  cls: number;
  score: number;
  box: [number, number, number, number];
}

/**
 * Decodes one image's head output into page-pixel detections. With `ink`, boxes are first fitted
 * to the input image: redactions to the filled area under them (`snapToFill`), and the best
 * `content` box to the extent of the print on the page (`inkExtent`; other content boxes over the
 * same print go). Each verifier in `verify` then rescores its class (`verifyDetections`), and what
 * falls under `threshold` is dropped.
 */
export function pageDetections(
  raw: Float32Array,
  numClasses: number,
  loc: Locations,
  placement: Placement,
  page: { width: number; height: number },
  threshold: number,
  maxPerClass?: (number | undefined)[],
  ink?: InkFits,
  verify: PageVerifier[] = [],
): PageDetection[] {
  let dets = postprocess(raw, numClasses, loc, { scoreThreshold: threshold, maxPerClass });
  if (ink) {
    dets = dets.map((d) => (d.cls === ink.redaction ? { ...d, box: snapToFill(d.box, ink.image) } : d));
    const { dx, dy, scale } = placement;
    dets = fitContent(dets, ink, [dx, dy, dx + page.width * scale, dy + page.height * scale]);
  }
  for (const v of verify) dets = verifyDetections(dets, v);
  if (verify.length) dets = dets.filter((d) => d.score >= threshold);
  return dets.map(({ cls, score, box: b }) => ({
    cls,
    score,
    box: boxToPage(
      [b[0] - placement.dx, b[1] - placement.dy, b[2] - placement.dx, b[3] - placement.dy],
      placement.scale,
      page.width,
      page.height,
    ),
  }));
}

/** The input image boxes are fitted to, and the classes fitted (-1: the model has no such class). */
export interface InkFits {
  image: InkImage;
  redaction: number;
  content: number;
}

/** Fitting of `redaction` and `content` boxes on a letterboxed RGB input, for the model's classes. */
export function inkFits(classes: string[], rgb: Uint8Array, size: number): InkFits {
  return {
    image: { data: rgb, width: size, height: size, channels: 3 },
    redaction: classes.indexOf('redaction'),
    content: classes.indexOf('content'),
  };
}

/**
 * The highest-scored content box takes the extent of the print in `area` (the page in the input);
 * lower-scored content boxes mostly over the same print are dropped as its duplicates.
 */
function fitContent(dets: RawDetection[], ink: InkFits, area: RawDetection['box']): RawDetection[] {
  const content = dets.filter((d) => d.cls === ink.content);
  if (content.length === 0) return dets;
  const extent = inkExtent(ink.image, area);
  if (!extent) return dets;
  const best = content.reduce((a, d) => (d.score > a.score ? d : a));
  const others = content.filter((d) => d !== best && boxIou(d.box, extent) <= 0.5);
  return [...dets.filter((d) => d.cls !== ink.content), { ...best, box: extent }, ...others];
}

/** Ground truth of samples as COCO (category id = class index + 1). */
export function samplesToCoco(samples: Sample[], classes: string[]): CocoGroundTruth {
  let id = 1;
  return {
    images: samples.map((s) => ({ id: s.imageId, width: s.width, height: s.height, file_name: s.fileName })),
    annotations: samples.flatMap((s) =>
      s.boxes.map((b) => {
        const w = b.box[2] - b.box[0];
        const h = b.box[3] - b.box[1];
        return {
          id: id++,
          image_id: s.imageId,
          category_id: b.cls + 1,
          bbox: [b.box[0], b.box[1], w, h],
          area: w * h,
          iscrowd: 0,
        };
      }),
    ),
    categories: classes.map((name, i) => ({ id: i + 1, name })),
  };
}

/**
 * Per-epoch validation: predictions on every validation page (no augmentation), COCO metrics
 * (pycocotools semantics) and the validation loss with running batch-norm statistics.
 */
export async function validate(
  pool: ReplicaPool,
  samples: Sample[],
  cache: PageCache,
  opts: { size: number; loc: Locations; classes: string[]; batchSize: number },
): Promise<Record<string, number>> {
  const order = samples.map((_, i) => i);
  const dets: CocoDetection[] = [];
  const loss: Record<string, number> = {};
  const batches = Math.ceil(samples.length / opts.batchSize);
  for (let k = 0; k < batches; k++) {
    const idx = batchIndices(order, k, opts.batchSize);
    const batch = await loadBatch(samples, idx, cache, {
      ...opts,
      augment: NO_AUGMENT,
      seed: 0,
      epoch: 0,
      firstPosition: 0,
    });
    const outputs = await pool.predict(batch.images);
    outputs.forEach((raw, j) => {
      const s = samples[idx[j]!]!;
      const p = batch.prepared[j]!;
      for (const d of pageDetections(
        raw,
        opts.classes.length,
        opts.loc,
        p.placement,
        { width: p.pageW, height: p.pageH },
        0.05,
        classLimits(opts.classes),
        inkFits(opts.classes, p.rgb, opts.size),
      )) {
        const [x0, y0, x1, y1] = d.box;
        dets.push({ image_id: s.imageId, category_id: d.cls + 1, bbox: [x0, y0, x1 - x0, y1 - y0], score: d.score });
      }
    });
    const l = await pool.loss(batch.images, batch.targets);
    for (const [name, v] of Object.entries(l)) loss[name] = (loss[name] ?? 0) + (v * idx.length) / samples.length;
  }
  const r = evaluateCoco(samplesToCoco(samples, opts.classes), dets);
  const s = r.summary;
  const perClass: Record<string, number> = {};
  for (const c of r.perCategory) {
    if (c.AP50 >= 0) perClass[`val/AP50/${c.name}`] = c.AP50;
    if (c.AP >= 0) perClass[`val/AP/${c.name}`] = c.AP;
  }
  return {
    'val/loss': loss.total ?? NaN,
    'val/loss_cls': loss.cls ?? NaN,
    'val/loss_box': loss.box ?? NaN,
    'val/loss_quality': loss.quality ?? NaN,
    'val/AP': s.AP,
    'val/AP50': s.AP50,
    'val/AP75': s.AP75,
    'val/APs': s.APs,
    'val/APm': s.APm,
    'val/APl': s.APl,
    'val/AR100': s.AR100,
    ...perClass,
  };
}
