import fs from 'node:fs';
import path from 'node:path';
import { defineWorker } from '../jobs/worker-side';
import { loadBackend } from '../ml/backend';
import { loadCocoDataset, type Sample } from '../ml/data/coco-dataset';
import {
  gatherExamples,
  predictExamples,
  rankingAP,
  trainVerifier,
  type VerifierExamples,
} from '../ml/engine/verifier-train';
import { writeVerifier } from '../ml/model-folder';
import { detectorFor, loadModel } from '../ml/model-loader';
import { verifiedScore } from '../ml/model/verifier-spec';
import { AppError } from '../shared/errors';
import type { BackendName } from '../shared/contract/app';

export interface TrainVerifierInput {
  backend: BackendName | 'auto';
  /** An exported model folder (model.json + weights.bin). */
  modelDir: string;
  /** Where the model with its verifier is written (may be `modelDir`). */
  outDir: string;
  /** The class to verify. */
  cls: string;
  train: { coco: string; images: string }[];
  val: { coco: string; images: string } | null;
  epochs: number;
  /** Shifted copies of each labelled box added as examples of the class. */
  jitter: number;
  lr: number;
  seed: number;
}

export interface TrainVerifierResult {
  backend: BackendName;
  outDir: string;
  examples: number;
  positives: number;
  mix: number;
  /** The epoch in which training diverged (the weights are those of the epoch before), or null. */
  divergedInEpoch: number | null;
  /** Candidate ranking AP on the validation pages: the detector's scores, then rescored. */
  metrics: Record<string, number>;
  seconds: number;
}

/** Mixes tried when validation pages are given; 0.5 otherwise. */
const MIXES = [0.25, 0.5, 0.75, 1];
/** Candidates below this detector score are not examples (the lowest score COCO evaluation keeps). */
const CANDIDATE_THRESHOLD = 0.05;

/** Trains a detector's crop verifier for one class and writes the model folder with it. */
defineWorker<TrainVerifierInput, TrainVerifierResult>(async (input, tools) => {
  const t0 = performance.now();
  const { name } = await loadBackend(input.backend);
  const src = path.resolve(input.modelDir);
  if (!fs.existsSync(path.join(src, 'model.json')))
    throw new AppError('NOT_FOUND', `${src} has no model.json: give an exported model folder (redlab export).`);
  const model = loadModel(src);
  const cls = model.config.classes.indexOf(input.cls);
  if (cls < 0)
    throw new AppError(
      'INVALID_DATA',
      `The model's classes are ${model.config.classes.join(', ')}; it has no "${input.cls}" to verify.`,
    );
  const load = (d: { coco: string; images: string }): Sample[] =>
    loadCocoDataset(path.resolve(d.coco), path.resolve(d.images), { classes: model.config.classes }).samples;
  const train = input.train.flatMap(load);
  const val = input.val ? load(input.val) : [];
  if (!train.some((s) => s.boxes.some((b) => b.cls === cls)))
    throw new AppError('INVALID_DATA', `The training pages have no "${input.cls}" boxes to learn from.`);
  const det = detectorFor(model);
  const pages = train.length + val.length;
  const gather = (samples: Sample[], jitter: number, before: number): Promise<VerifierExamples> =>
    gatherExamples(det, samples, cls, {
      threshold: CANDIDATE_THRESHOLD,
      jitter,
      batchSize: 4,
      seed: input.seed,
      onPage: (done) =>
        tools.progress((0.4 * (before + done)) / pages, `detector on page ${before + done} of ${pages}`),
    });
  const ex = await gather(train, input.jitter, 0);
  const vex = val.length ? await gather(val, 0, train.length) : null;
  det.dispose();
  const positives = ex.targets.reduce((a, t) => a + t, 0);
  let divergedInEpoch: number | null = null;
  const net = trainVerifier(ex, {
    epochs: input.epochs,
    batchSize: 64,
    lr: input.lr,
    seed: input.seed,
    onEpoch: (e, loss) =>
      tools.progress(0.4 + (0.6 * e) / input.epochs, `epoch ${e} of ${input.epochs}: loss ${loss.toFixed(4)}`),
    onDiverged: (e) => (divergedInEpoch = e),
  });
  let mix = 0.5;
  const metrics: Record<string, number> = {};
  if (vex && vex.count) {
    const p = predictExamples(net, vex);
    metrics.detectorAP = rankingAP(vex.scores, vex.targets);
    let best = -1;
    for (const a of MIXES) {
      const ap = rankingAP(
        Array.from(vex.scores, (s, i) => verifiedScore(s, p[i]!, a)),
        vex.targets,
      );
      metrics[`mix${a}AP`] = ap;
      if (ap > best) [best, mix] = [ap, a];
    }
    metrics.verifiedAP = best;
    metrics.valCandidates = vex.count;
  }
  const out = path.resolve(input.outDir);
  if (out !== src) {
    fs.mkdirSync(out, { recursive: true });
    const files = ['model.json', 'weights.bin', ...(model.meta.verifiers ?? []).map((v) => v.weights)];
    for (const f of files) fs.copyFileSync(path.join(src, f), path.join(out, f));
  }
  writeVerifier(out, net.weights(), {
    class: input.cls,
    mix,
    metrics,
    training: {
      epochs: divergedInEpoch ? divergedInEpoch - 1 : input.epochs,
      jitter: input.jitter,
      lr: input.lr,
      seed: input.seed,
      examples: ex.count,
      positives,
    },
  });
  net.dispose();
  return {
    backend: name,
    outDir: out,
    examples: ex.count,
    positives,
    mix,
    divergedInEpoch,
    metrics,
    seconds: (performance.now() - t0) / 1000,
  };
});
