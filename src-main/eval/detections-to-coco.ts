import type { CocoDetection, CocoGroundTruth } from './coco-types';
import type { DetectedImage } from './inference-port';

/**
 * COCO results from the ML engine's per-image detections: `[x0, y0, x1, y1]` -> `[x, y, w, h]`,
 * class names -> the ground truth's category ids, image paths -> image ids. Classes the ground
 * truth does not know are counted and left out.
 */
export function detectionsToCoco(
  results: readonly DetectedImage[],
  imageIdByPath: ReadonlyMap<string, number>,
  gt: CocoGroundTruth,
): { detections: CocoDetection[]; unknownClasses: number } {
  const catByName = new Map(gt.categories.map((c) => [c.name ?? String(c.id), c.id]));
  const detections: CocoDetection[] = [];
  let unknownClasses = 0;
  for (const r of results) {
    const imageId = imageIdByPath.get(r.image);
    if (imageId === undefined) continue;
    for (const d of r.detections) {
      const categoryId = catByName.get(d.class);
      if (categoryId === undefined) {
        unknownClasses++;
        continue;
      }
      const [x0, y0, x1, y1] = d.box;
      detections.push({ image_id: imageId, category_id: categoryId, bbox: [x0, y0, x1 - x0, y1 - y0], score: d.score });
    }
  }
  return { detections, unknownClasses };
}
