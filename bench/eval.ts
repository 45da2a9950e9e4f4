/**
 * Speed of the COCO evaluator on a generated 5,000-page / 50,000-detection case.
 * `npm run bench:eval [-- --images N --detections N --runs N]`. Prints the median time and, when a
 * Python with pycocotools is installed, pycocotools' time on the same files and the ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateCoco } from '../src-main/eval/coco';
import { makeBenchCase, type BenchCase } from './eval-case';

const PYCOCO = `
import json, sys, time, io, contextlib
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    t = time.perf_counter()
    e = COCOeval(gt, dt, 'bbox'); e.evaluate(); e.accumulate(); e.summarize()
    ms = (time.perf_counter() - t) * 1000
print(json.dumps({"ms": ms, "stats": [float(x) for x in e.stats]}))
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeOurs(c: BenchCase, runs: number): { ms: number[]; stats: number[] } {
  evaluateCoco(c.gt, c.dt); // warm-up
  const ms: number[] = [];
  let stats: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    stats = evaluateCoco(c.gt, c.dt).stats;
    ms.push(performance.now() - t);
  }
  return { ms, stats };
}

function timePycocotools(c: BenchCase): { ms: number; stats: number[] } | string {
  const probe = spawnSync('python3', ['-c', 'import pycocotools'], { encoding: 'utf8' });
  if (probe.error) return 'absent (no python3 on PATH)';
  if (probe.status !== 0) return 'absent (python3 has no pycocotools; pip cannot reach PyPI here)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-bench-eval-'));
  try {
    fs.writeFileSync(path.join(dir, 'gt.json'), JSON.stringify(c.gt));
    fs.writeFileSync(path.join(dir, 'dt.json'), JSON.stringify(c.dt));
    const r = spawnSync('python3', ['-c', PYCOCO, path.join(dir, 'gt.json'), path.join(dir, 'dt.json')], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
    return JSON.parse(r.stdout) as { ms: number; stats: number[] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { images: { type: 'string' }, detections: { type: 'string' }, runs: { type: 'string' } },
  });
  const images = Number(values.images ?? 5000);
  const detections = Number(values.detections ?? 50_000);
  const runs = Number(values.runs ?? 7);
  const t0 = performance.now();
  const c = makeBenchCase(images, detections);
  const gen = performance.now() - t0;
  console.log(
    `case: ${images} images, ${c.gt.annotations.length} ground-truth boxes, ${c.dt.length} detections (generated in ${gen.toFixed(0)} ms)`,
  );
  const ours = timeOurs(c, runs);
  const med = median(ours.ms);
  console.log(
    `redlab evaluateCoco: median ${med.toFixed(1)} ms, best ${Math.min(...ours.ms).toFixed(1)} ms over ${runs} runs (AP ${ours.stats[0]!.toFixed(4)})`,
  );
  const py = timePycocotools(c);
  if (typeof py === 'string') {
    console.log(`pycocotools: ${py}; no ratio`);
  } else {
    const worst = Math.max(...py.stats.map((v, i) => Math.abs(v - ours.stats[i]!)));
    console.log(
      `pycocotools: ${py.ms.toFixed(0)} ms; redlab is ${(py.ms / med).toFixed(1)}x faster; worst |diff| ${worst.toExponential(2)}`,
    );
  }
}

main();
