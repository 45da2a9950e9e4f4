#!/usr/bin/env node
// Records how a shipped model does through the app's own pipeline in its model.json: the COCO
// summary of `redlab eval` on held-out pages (detections from `redlab infer`), overall and per
// class (each class evaluated alone: its ground truth and detections only), replacing the
// training-time validation figures of the same names.
// Usage: node scripts/record-model-metrics.cjs MODEL_DIR GT.json DETS.json SEED
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const [dir, gtFile, dtFile, seed] = process.argv.slice(2);
if (!dir || !gtFile || !dtFile) {
  console.error('usage: record-model-metrics.cjs MODEL_DIR GT.json DETS.json SEED');
  process.exit(2);
}
const cli = path.join(__dirname, '..', 'bin', 'redlab.cjs');
const evaluate = (gt, dt) =>
  JSON.parse(execFileSync(process.execPath, [cli, 'eval', '--gt', gt, '--dt', dt, '--json'], { encoding: 'utf8' }));

const gt = JSON.parse(fs.readFileSync(gtFile, 'utf8'));
const dets = JSON.parse(fs.readFileSync(dtFile, 'utf8'));
const summary = evaluate(gtFile, dtFile);
const perClass = {};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-metrics-'));
try {
  for (const c of gt.categories) {
    const g = path.join(tmp, `gt-${c.id}.json`);
    const d = path.join(tmp, `dt-${c.id}.json`);
    fs.writeFileSync(g, JSON.stringify({ ...gt, annotations: gt.annotations.filter((a) => a.category_id === c.id) }));
    fs.writeFileSync(d, JSON.stringify(dets.filter((x) => x.category_id === c.id)));
    const s = evaluate(g, d);
    perClass[c.name] = { AP: s.AP, AP50: s.AP50, AP75: s.AP75, AR100: s.AR100 };
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const file = path.join(dir, 'model.json');
const model = JSON.parse(fs.readFileSync(file, 'utf8'));
const fromTraining = model.metrics ?? {};
model.metrics = { ...fromTraining };
for (const [k, v] of Object.entries(summary)) if (typeof v === 'number') model.metrics[`val/${k}`] = v;
for (const [name, m] of Object.entries(perClass)) {
  model.metrics[`val/AP50/${name}`] = m.AP50;
  model.metrics[`val/AP/${name}`] = m.AP;
}
model.evaluation = {
  how: 'redlab infer (default threshold 0.05) then redlab eval (pycocotools semantics) on synthetic pages (default profile) of a seed used neither for training nor for choosing checkpoints',
  pages: gt.images.length,
  seed: Number(seed) || null,
  // the synthetic generator's version: another version draws other pages for the same seed
  generator: gt.info?.generator ?? null,
  summary,
  perClass,
  atTrainingTime: {
    'val/AP50': fromTraining['val/AP50'] ?? null,
    step: fromTraining.step ?? null,
  },
};
const out = `${file}.tmp-${process.pid}`;
fs.writeFileSync(out, JSON.stringify(model, null, 2));
fs.renameSync(out, file);
const classes = Object.entries(perClass)
  .map(([n, m]) => `${n} ${m.AP50.toFixed(3)}`)
  .join(', ');
console.log(
  `model: AP50 ${summary.AP50.toFixed(3)}, AP ${summary.AP.toFixed(3)} on ${gt.images.length} held-out pages (seed ${seed}); AP50 per class: ${classes}`,
);
