import fs from 'node:fs';
import path from 'node:path';
import { serveWorker } from '../jobs/worker-side';
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
  /** Whether this thread had the model loaded already (a warm worker's later request). */
  warm: boolean;
}

type Loaded = {
  key: string;
  det: ReturnType<typeof detectorFor>;
  verifiers: { net: LabelVerifier; cls: number; mix: number; prune: number | undefined }[];
};

/** The loaded model, kept between requests while its folder's files and the backend stay the same. */
let loaded: Loaded | null = null;
let backend: { asked: InferInput['backend']; name: BackendName } | null = null;

/** Names, sizes and times of the files in a model folder: changes when anything is rewritten. */
function folderKey(dir: string): string {
  const files = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile());
  return [
    dir,
    ...files.map((e) => {
      const st = fs.statSync(path.join(dir, e.name));
      return `${e.name}:${st.size}:${st.mtimeMs}`;
    }),
  ].join('|');
}

function unload(): void {
  if (!loaded) return;
  loaded.det.dispose();
  for (const v of loaded.verifiers) v.net.dispose();
  loaded = null;
}

function modelFor(dir: string): { model: Loaded; warm: boolean } {
  // a missing folder has no key; loadModel says what is wrong
  const key = fs.existsSync(dir) ? folderKey(dir) : '';
  if (key && loaded?.key === key) return { model: loaded, warm: true };
  unload();
  const model = loadModel(dir);
  const det = detectorFor(model);
  loaded = {
    key,
    det,
    verifiers: model.verifiers.map((v) => ({
      net: new LabelVerifier(v.weights),
      cls: det.cfg.classes.indexOf(v.cls),
      mix: v.mix,
      prune: PRUNE_OVERLAP[v.cls],
    })),
  };
  return { model: loaded, warm: false };
}

async function backendFor(asked: InferInput['backend']): Promise<BackendName> {
  if (backend?.asked !== asked) {
    unload();
    backend = { asked, name: (await loadBackend(asked)).name };
  }
  return backend.name;
}

/**
 * Runs a detector over page images in batches; boxes come back in page pixels. The thread is kept
 * warm between requests (WarmWorkers), with its backend and last model loaded.
 */
serveWorker<InferInput, InferResult>(async (input, tools) => {
  const name = await backendFor(input.backend);
  const { model, warm } = modelFor(input.modelDir);
  const { det, verifiers } = model;
  const size = det.cfg.imageSize;
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
  return { backend: name, classes: det.cfg.classes, results, seconds: (performance.now() - t0) / 1000, warm };
});
