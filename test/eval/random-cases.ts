import type { CocoAnnotation, CocoDetection, CocoGroundTruth } from '../../src-main/eval/coco';

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomCase {
  gt: CocoGroundTruth;
  dt: CocoDetection[];
}

/** Box sizes that sit on the small/medium/large boundaries (32² and 96²) and in between. */
const SIDES = [4, 16, 31, 32, 33, 48, 95, 96, 97, 160];

/**
 * A tricky COCO case: unsorted ids, grid-aligned boxes (IoU ties), quantised scores (score ties),
 * crowd regions, `area` different from w*h, missing `iscrowd`, images with nothing, >100 detections.
 */
export function randomCase(seed: number): RandomCase {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const nImg = 1 + Math.floor(r() * 6);
  const images = Array.from({ length: nImg }, (_, i) => ({ id: (nImg - i) * 7 + 3, width: 640, height: 640 }));
  const catIds = [5, 2, 9].slice(0, 1 + Math.floor(r() * 3));
  const annotations: CocoAnnotation[] = [];
  const dt: CocoDetection[] = [];
  let nextId = 1 + Math.floor(r() * 3);
  for (const im of images) {
    for (const c of catIds) {
      const nGt = Math.floor(r() * 6);
      for (let j = 0; j < nGt; j++) {
        const w = pick(SIDES);
        const h = pick(SIDES);
        const x = 8 * Math.floor(r() * 40);
        const y = 8 * Math.floor(r() * 40);
        const a: CocoAnnotation = {
          id: r() < 0.03 ? 0 : nextId++,
          image_id: im.id,
          category_id: c,
          bbox: [x, y, w, h],
        };
        a.area = r() < 0.3 ? Math.round(w * h * 0.8 * 100) / 100 : w * h;
        const crowd = r();
        if (crowd < 0.15) a.iscrowd = 1;
        else if (crowd < 0.6) a.iscrowd = 0;
        if (r() < 0.1) a.ignore = 1;
        annotations.push(a);
        const copies = Math.floor(r() * 3);
        for (let k = 0; k < copies; k++) {
          const jx = 4 * Math.floor(r() * 5 - 2);
          const jy = 4 * Math.floor(r() * 5 - 2);
          dt.push({
            image_id: im.id,
            category_id: c,
            bbox: [x + jx, y + jy, w + jx / 2, h],
            score: Math.floor(r() * 10) / 10,
          });
        }
      }
      const noise = r() < 0.05 ? 120 : Math.floor(r() * 4);
      for (let k = 0; k < noise; k++) {
        dt.push({
          image_id: im.id,
          category_id: c,
          bbox: [8 * Math.floor(r() * 40), 8 * Math.floor(r() * 40), pick(SIDES), pick(SIDES)],
          score: Math.floor(r() * 20) / 20,
        });
      }
    }
  }
  // Shuffle so files are not grouped by image.
  for (let i = dt.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [dt[i], dt[j]] = [dt[j]!, dt[i]!];
  }
  const categories = [...catIds].reverse().map((id) => ({ id, name: `c${id}` }));
  return { gt: { images, annotations, categories }, dt };
}
