import { defineWorker } from '../jobs/worker-side';
import { loadBackend } from '../ml/backend';
import { prepareImage, NO_AUGMENT, type PreparedImage } from '../ml/data/augment';
import { fitPage } from '../ml/data/letterbox';
import { inkFits, pageDetections } from '../ml/engine/validate';
import { LabelVerifier } from '../ml/model/label-verifier';
import { PRUNE_OVERLAP } from '../ml/model/verifier-spec';
import { classLimits } from '../ml/model/postprocess';
import { detectorFor, loadModel } from '../ml/model-loader';
import type { BackendName } from '../shared/contract/app';

export interface InferInput {
  backend: BackendName | 'auto';
  modelDir: string;
  images: string[];
  threshold: number;
  batchSize: number;
}

export interface InferImageResult {
  image: string;
  width: number;
  height: number;
  detections: { class: string; box: [number, number, number, number]; score: number }[];
}

export interface InferResult {
  backend: BackendName;
  /** The model's classes, in output order. */
  classes: string[];
  results: InferImageResult[];
  seconds: number;
}

/** Runs a detector over page images in batches; boxes come back in page pixels. */
defineWorker<InferInput, InferResult>(async (input, tools) => {
  const { name } = await loadBackend(input.backend);
  const model = loadModel(input.modelDir);
  const det = detectorFor(model);
  const size = det.cfg.imageSize;
  const verifiers = model.verifiers.map((v) => ({
    net: new LabelVerifier(v.weights),
    cls: det.cfg.classes.indexOf(v.cls),
    mix: v.mix,
    prune: PRUNE_OVERLAP[v.cls],
  }));
  const t0 = performance.now();
  const load = (files: string[]): Promise<PreparedImage[]> =>
    Promise.all(files.map(async (f) => prepareImage(await fitPage(f, size), [], size, NO_AUGMENT, null)));
  const results: InferImageResult[] = [];
  const bs = Math.max(1, input.batchSize);
  let next = load(input.images.slice(0, bs));
  for (let i = 0; i < input.images.length; i += bs) {
    const files = input.images.slice(i, i + bs);
    const prepared = await next;
    if (i + bs < input.images.length) next = load(input.images.slice(i + bs, i + 2 * bs));
    const outputs = det.predictImages(prepared.map((p) => p.rgb));
    outputs.forEach((raw, j) => {
      const p = prepared[j]!;
      const dets = pageDetections(
        raw,
        det.cfg.classes.length,
        det.loc,
        p.placement,
        { width: p.pageW, height: p.pageH },
        input.threshold,
        classLimits(det.cfg.classes),
        inkFits(det.cfg.classes, p.rgb, size),
        verifiers.map((v) => ({ ...v, image: { data: p.rgb, width: size, height: size, channels: 3 as const } })),
      );
      results.push({
        image: files[j]!,
        width: p.pageW,
        height: p.pageH,
        detections: dets.map((d) => ({ class: det.cfg.classes[d.cls]!, box: d.box, score: d.score })),
      });
    });
    tools.progress(
      Math.min(1, (i + files.length) / input.images.length),
      `${i + files.length} of ${input.images.length} pages`,
    );
  }
  const classes = det.cfg.classes;
  det.dispose();
  for (const v of verifiers) v.net.dispose();
  return { backend: name, classes, results, seconds: (performance.now() - t0) / 1000 };
});
