import { CLASSES, type Box, type BoxClass } from '../shared/boxes';
import type { CocoSummaryDTO, CoverageDTO } from '../shared/contract/evaluation';
import { evaluateCoco } from './coco';
import type { CocoCategoryResult, CocoEvalResult } from './coco-types';
import { unionAreas } from './coverage';
import { pagesToCoco } from './run-metrics';
import type { EvalPage } from './page-data';

/** One image's ground truth, as the trainer's data loader has it (page pixels `[x0, y0, x1, y1]`). */
export interface EvaluatorInput {
  imageId: number;
  width: number;
  height: number;
  annotations: readonly { class: BoxClass; box: Box; style?: string | null }[];
  synthetic?: boolean;
}

/** The model's output for that image. */
export interface EvaluatorOutput {
  detections: readonly { class: string; box: Box; score: number }[];
}

export interface EvaluatorResult {
  coco: CocoEvalResult;
  summary: CocoSummaryDTO;
  perClass: CocoCategoryResult[];
  /** Redaction pixels covered at `coverageThreshold` (0.5 unless set). */
  coverage: CoverageDTO;
  /**
   * Flat numbers for `run_metrics` (undefined ones left out): mAP, AP50, AP75, APs, APm, APl, AR1,
   * AR10, AR100, ARs, ARm, ARl, AP/<class>, AP50/<class>, coverage_recall, coverage_precision.
   */
  metrics: Record<string, number>;
  images: number;
}

/**
 * detectron2-style evaluator for the trainer's per-epoch validation:
 * `reset()`, then `process(inputs, outputs)` per batch, then `evaluate()` for COCO numbers
 * (pycocotools-exact), per-class AP and redaction area coverage.
 */
export class CocoEvaluator {
  private pages: EvalPage[] = [];
  private readonly seen = new Set<number>();
  private nextGtId = 1;

  constructor(private readonly opts: { coverageThreshold?: number } = {}) {}

  reset(): void {
    this.pages = [];
    this.seen.clear();
    this.nextGtId = 1;
  }

  process(inputs: readonly EvaluatorInput[], outputs: readonly EvaluatorOutput[]): void {
    if (inputs.length !== outputs.length) {
      throw new Error(`CocoEvaluator.process: ${inputs.length} inputs but ${outputs.length} outputs.`);
    }
    inputs.forEach((inp, i) => {
      if (this.seen.has(inp.imageId))
        throw new Error(`CocoEvaluator.process: image ${inp.imageId} was processed twice.`);
      this.seen.add(inp.imageId);
      const dets = outputs[i]!.detections.filter((d) => (CLASSES as readonly string[]).includes(d.class));
      this.pages.push({
        pageId: inp.imageId,
        documentId: 0,
        documentName: '',
        pageIndex: 0,
        width: inp.width,
        height: inp.height,
        synthetic: inp.synthetic ?? false,
        imagePath: '',
        gt: inp.annotations.map((a) => ({ id: this.nextGtId++, class: a.class, box: a.box, style: a.style ?? null })),
        pred: dets.map((d, j) => ({ id: j + 1, class: d.class as BoxClass, box: d.box, score: d.score })),
      });
    });
  }

  evaluate(): EvaluatorResult {
    const { gt, dt } = pagesToCoco(this.pages);
    const coco = evaluateCoco(gt, dt);
    const thr = this.opts.coverageThreshold ?? 0.5;
    let a = 0;
    let b = 0;
    let both = 0;
    for (const p of this.pages) {
      const u = unionAreas(
        p.gt.filter((g) => g.class === 'redaction').map((g) => g.box),
        p.pred.filter((d) => d.class === 'redaction' && d.score >= thr).map((d) => d.box),
      );
      a += u.a;
      b += u.b;
      both += u.both;
    }
    const coverage: CoverageDTO = {
      threshold: thr,
      recall: a > 0 ? both / a : null,
      precision: b > 0 ? both / b : null,
      gtArea: a,
      predArea: b,
      overlapArea: both,
    };
    return {
      coco,
      summary: coco.summary,
      perClass: coco.perCategory,
      coverage,
      metrics: flatMetrics(coco, coverage),
      images: this.pages.length,
    };
  }
}

function flatMetrics(coco: CocoEvalResult, coverage: CoverageDTO): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (k: string, v: number | null): void => {
    if (v !== null && v > -1) out[k] = v;
  };
  const { AP, ...rest } = coco.summary;
  put('mAP', AP);
  for (const [k, v] of Object.entries(rest)) put(k, v);
  for (const c of coco.perCategory) {
    put(`AP/${c.name}`, c.AP);
    put(`AP50/${c.name}`, c.AP50);
  }
  put('coverage_recall', coverage.recall);
  put('coverage_precision', coverage.precision);
  return out;
}
