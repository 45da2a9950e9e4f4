import type { CocoAnnotation, CocoDetection, CocoGroundTruth } from '../src-main/eval/coco';

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchCase {
  gt: CocoGroundTruth;
  dt: CocoDetection[];
}

/**
 * A deterministic page-like case: `images` pages of 1275×1650 with ~5 boxes each in 3 classes,
 * and exactly `detections` detections (jittered true boxes, duplicates and background noise).
 */
export function makeBenchCase(images = 5000, detections = 50_000, seed = 7): BenchCase {
  const r = rng(seed);
  const cats = [1, 2, 3];
  const imgs = Array.from({ length: images }, (_, i) => ({ id: i + 1, width: 1275, height: 1650 }));
  const annotations: CocoAnnotation[] = [];
  for (const im of imgs) {
    const n = 2 + Math.floor(r() * 7);
    for (let j = 0; j < n; j++) {
      const w = 20 + r() * 400;
      const h = 10 + r() * 60;
      const bbox = [r() * (1275 - w), r() * (1650 - h), w, h];
      annotations.push({
        id: annotations.length + 1,
        image_id: im.id,
        category_id: cats[Math.floor(r() * 3)]!,
        bbox,
        area: w * h,
        iscrowd: r() < 0.02 ? 1 : 0,
      });
    }
  }
  const dt: CocoDetection[] = [];
  while (dt.length < detections) {
    const a = annotations[Math.floor(r() * annotations.length)]!;
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    const noise = r() < 0.25;
    dt.push({
      image_id: noise ? 1 + Math.floor(r() * images) : a.image_id,
      category_id: r() < 0.9 ? a.category_id : cats[Math.floor(r() * 3)]!,
      bbox: [x + (r() - 0.5) * w * 0.3, y + (r() - 0.5) * h * 0.3, w * (0.8 + r() * 0.4), h * (0.8 + r() * 0.4)],
      score: Math.round(r() * 1000) / 1000,
    });
  }
  return { gt: { images: imgs, annotations, categories: cats.map((id) => ({ id, name: `class${id}` })) }, dt };
}
