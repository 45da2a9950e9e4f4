#!/usr/bin/env node
// Records how a shipped model does through the app's own pipeline (`redlab infer` then
// `redlab eval`) in its model.json: metrics become the COCO summary on the held-out pages.
// Usage: node scripts/record-model-metrics.cjs MODEL_DIR EVAL.json PAGES
const fs = require('node:fs');
const path = require('node:path');

const [dir, evalFile, pages] = process.argv.slice(2);
if (!dir || !evalFile) {
  console.error('usage: record-model-metrics.cjs MODEL_DIR EVAL.json PAGES');
  process.exit(2);
}
const file = path.join(dir, 'model.json');
const model = JSON.parse(fs.readFileSync(file, 'utf8'));
const summary = JSON.parse(fs.readFileSync(evalFile, 'utf8'));
const fromTraining = model.metrics ?? {};
model.metrics = { ...fromTraining };
for (const [k, v] of Object.entries(summary)) if (typeof v === 'number') model.metrics[`val/${k}`] = v;
model.evaluation = {
  how: 'redlab infer (threshold 0.05) then redlab eval (pycocotools semantics) on synthetic pages of another seed',
  pages: Number(pages) || null,
  summary,
  atTrainingTime: { 'val/AP50': fromTraining['val/AP50'] ?? null, step: fromTraining.step ?? null },
};
const tmp = `${file}.tmp-${process.pid}`;
fs.writeFileSync(tmp, JSON.stringify(model, null, 2));
fs.renameSync(tmp, file);
console.log(`default model: AP50 ${summary.AP50.toFixed(3)}, AP ${summary.AP.toFixed(3)} on ${pages} held-out pages`);
