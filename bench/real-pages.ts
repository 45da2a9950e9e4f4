/**
 * How the detector does on REAL released documents: the court filings of
 * ../shared/fixtures/pdf-audit (Free Law Project x-ray test PDFs), whose expected.json lists every
 * filled dark rectangle with its position. Pages are imported as a user would (100 dpi, or --dpi), the model
 * runs through the inference service, and the `redaction` class is scored with the COCO evaluator
 * and by area coverage. `npm run bench:real [-- --model DIR] [--threshold X] [--dpi N] [--out DIR]`; --out writes the
 * ground truth (`gt.json`), the detections (`dets.json`) and the page images (`images/`) there, for inspection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src-main/app/services';
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from '../src-main/eval/coco';
import { unionArea, unionAreaWithin } from '../src-main/reports/union-area';
import type { Box } from '../src-main/shared/boxes';

interface Expected {
  cases: { file: string; black_boxes: { page: number; bbox: Box }[] }[];
}

const FIXTURES = path.resolve(__dirname, '..', '..', 'shared', 'fixtures', 'pdf-audit');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      threshold: { type: 'string' },
      score: { type: 'string' },
      out: { type: 'string' },
      dpi: { type: 'string' },
    },
  });
  const threshold = Number(values.threshold ?? '0.05');
  const keep = Number(values.score ?? '0.5');
  const dpi = Number(values.dpi ?? '100');
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Expected;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redlab-real-'));
  const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
  try {
    const files = expected.cases.map((c) => path.join(FIXTURES, c.file));
    const imported = await s.documents.importFiles(files, { dpi });
    const gt: CocoGroundTruth = { images: [], annotations: [], categories: [{ id: 1, name: 'redaction' }] };
    const pages: { id: number; image: string; gtBoxes: Box[] }[] = [];
    for (const doc of imported.documents) {
      const c = expected.cases.find((x) => x.file === doc.name);
      if (!c) continue;
      const detail = s.documents.getDocument(doc.id);
      for (const p of detail.pages) {
        const scale = p.dpi / 72;
        const gtBoxes = c.black_boxes
          .filter((b) => b.page === p.index + 1)
          .map((b) => b.bbox.map((v) => v * scale) as Box);
        pages.push({ id: p.id, image: s.documents.pageImagePath(p.id), gtBoxes });
        gt.images.push({ id: p.id, width: p.width, height: p.height, file_name: `${doc.name}#${p.index + 1}` });
        for (const b of gtBoxes) {
          const w = b[2] - b[0];
          const h = b[3] - b[1];
          gt.annotations.push({
            id: gt.annotations.length + 1,
            image_id: p.id,
            category_id: 1,
            bbox: [b[0], b[1], w, h],
            area: w * h,
            iscrowd: 0,
          });
        }
      }
    }
    const t0 = performance.now();
    const results = await s.inference.detect({ modelDir: values.model, images: pages.map((p) => p.image), threshold });
    const seconds = (performance.now() - t0) / 1000;
    const dets: CocoDetection[] = [];
    let covered = 0;
    let gtArea = 0;
    let predArea = 0;
    results.forEach((r, i) => {
      const page = pages[i]!;
      const red = r.detections.filter((d) => d.class === 'redaction');
      for (const d of red)
        dets.push({
          image_id: page.id,
          category_id: 1,
          bbox: [d.box[0], d.box[1], d.box[2] - d.box[0], d.box[3] - d.box[1]],
          score: d.score,
        });
      const confident = red.filter((d) => d.score >= keep).map((d) => d.box);
      gtArea += unionArea(page.gtBoxes);
      predArea += unionArea(confident);
      // ground truth and prediction overlap: the numerator of both coverage recall and precision
      covered += unionAreaWithin(page.gtBoxes, confident);
    });
    const e = evaluateCoco(gt, dets);
    if (values.out) {
      fs.mkdirSync(path.join(values.out, 'images'), { recursive: true });
      const images = gt.images.map((im, i) => {
        const name = `${i + 1}${path.extname(pages[i]!.image)}`;
        fs.copyFileSync(pages[i]!.image, path.join(values.out!, 'images', name));
        return { ...im, file_name: name };
      });
      fs.writeFileSync(path.join(values.out, 'gt.json'), JSON.stringify({ ...gt, images }));
      fs.writeFileSync(path.join(values.out, 'dets.json'), JSON.stringify(dets));
    }
    const fpPages = results.filter(
      (r, i) => pages[i]!.gtBoxes.length === 0 && r.detections.some((d) => d.class === 'redaction' && d.score >= keep),
    ).length;
    const negPages = pages.filter((p) => p.gtBoxes.length === 0).length;
    console.log(
      `real pages: ${pages.length} (${pages.length - negPages} with ${gt.annotations.length} dark boxes, ${negPages} without) at ${dpi} dpi, model ${values.model ?? 'default'}`,
    );
    console.log(
      `redaction AP50 ${e.summary.AP50.toFixed(3)}  AP ${e.summary.AP.toFixed(3)}  AR100 ${e.summary.AR100.toFixed(3)}`,
    );
    console.log(
      `area coverage at score >= ${keep}: recall ${(covered / Math.max(gtArea, 1)).toFixed(3)}, precision ${(covered / Math.max(predArea, 1)).toFixed(3)}`,
    );
    console.log(`pages without dark boxes that got a redaction box (score >= ${keep}): ${fpPages} of ${negPages}`);
    console.log(`inference: ${(pages.length / seconds).toFixed(1)} pages/s`);
  } finally {
    await s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
