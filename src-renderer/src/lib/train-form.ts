import type { RequestOf } from '$shared/contract';
import type { DatasetMixDTO, TrainDraftDTO, WeightOptionDTO } from '$shared/contract/experiments';
import { sizeChangeSentence } from '$shared/size-change';

export type Backbone = 'small' | 'medium' | 'large';

/** The Train view's settings as edited (strings where people type numbers). */
export interface TrainForm {
  name: string;
  datasetId: number | null;
  backbone: Backbone;
  imageSize: number;
  batchSize: number;
  epochs: number;
  lr: number;
  weightDecay: number;
  schedule: 'cosine' | 'step';
  augment: boolean;
  seed: number;
  /** Mix synthetic pages at a fixed share instead of as they come in the data. */
  useShare: boolean;
  syntheticShare: number;
  /** Starting weights: 'scratch', 'default' or 'run:<id>'. */
  weights: string;
}

export const IMAGE_SIZES = [128, 192, 256, 320, 384, 448, 512, 640, 768, 1024] as const;
export const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64] as const;

export const DEFAULT_FORM: TrainForm = {
  name: '',
  datasetId: null,
  backbone: 'small',
  imageSize: 512,
  batchSize: 8,
  epochs: 12,
  lr: 0.002,
  weightDecay: 0.05,
  schedule: 'cosine',
  augment: true,
  seed: 1,
  useShare: false,
  syntheticShare: 0.5,
  weights: 'scratch',
};

/** The form filled from an earlier run ("duplicate and edit"). */
export function formFromDraft(d: TrainDraftDTO): TrainForm {
  return {
    ...DEFAULT_FORM,
    name: d.name,
    datasetId: d.datasetId,
    backbone: d.backbone,
    imageSize: d.imageSize,
    batchSize: d.batchSize,
    epochs: d.epochs,
    lr: d.lr,
    weightDecay: d.weightDecay,
    schedule: d.schedule,
    augment: d.augment,
    seed: d.seed,
    useShare: d.syntheticShare !== null,
    syntheticShare: d.syntheticShare ?? DEFAULT_FORM.syntheticShare,
    weights: d.weights,
  };
}

/** What is wrong with the form, as sentences (empty when it can start). */
export function formProblems(
  f: TrainForm,
  mix: DatasetMixDTO | null,
  weights: readonly WeightOptionDTO[] = [],
): string[] {
  const out: string[] = [];
  if (f.datasetId === null) out.push('Choose a dataset to train on.');
  if (!Number.isInteger(f.imageSize) || f.imageSize < 128 || f.imageSize > 2048 || f.imageSize % 32 !== 0)
    out.push('The image size must be a multiple of 32 from 128 to 2048.');
  if (!Number.isInteger(f.batchSize) || f.batchSize < 1 || f.batchSize > 256)
    out.push('The batch size must be a whole number from 1 to 256.');
  if (!Number.isInteger(f.epochs) || f.epochs < 1 || f.epochs > 1000)
    out.push('The number of epochs must be a whole number from 1 to 1000.');
  if (!(f.lr > 0 && f.lr <= 1)) out.push('The learning rate must be above 0 and at most 1.');
  if (!(f.weightDecay >= 0 && f.weightDecay <= 1)) out.push('The weight decay must be from 0 to 1.');
  if (!Number.isInteger(f.seed) || f.seed < 0 || f.seed > 2 ** 31) out.push('The seed must be a whole number ≥ 0.');
  if (f.useShare && !(f.syntheticShare >= 0 && f.syntheticShare <= 0.95))
    out.push('The synthetic share must be from 0% to 95%.');
  if (mix && mix.splits.train.real + mix.splits.train.synthetic === 0)
    out.push('The dataset has no pages in its train split. Assign documents to train in the Library first.');
  const w = weights.find((o) => o.key === f.weights);
  if (f.weights !== 'scratch' && (!w || !w.available))
    out.push(w?.reason ?? 'The chosen starting weights are no longer available. Choose others.');
  else if (w?.backbone && w.backbone !== f.backbone)
    out.push(`${w.label} has a ${w.backbone} backbone: choose the ${w.backbone} backbone to start from it.`);
  return out;
}

/** The `runs:start` request of a form (call only when `formProblems` is empty). */
export function startRequest(f: TrainForm, weights: readonly WeightOptionDTO[] = []): RequestOf<'runs:start'> {
  const init = weights.find((o) => o.key === f.weights)?.init ?? 'none';
  return {
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    datasetId: f.datasetId ?? undefined,
    backbone: f.backbone,
    imageSize: f.imageSize,
    batchSize: f.batchSize,
    epochs: f.epochs,
    lr: f.lr,
    weightDecay: f.weightDecay,
    schedule: f.schedule,
    seed: f.seed,
    augment: f.augment,
    ...(f.useShare ? { syntheticShare: f.syntheticShare } : {}),
    init,
  };
}

/** The note under the starting weights when the run would change the size the model was trained at. */
export function sizeChangeNote(f: TrainForm, weights: readonly WeightOptionDTO[]): string | null {
  const w = weights.find((o) => o.key === f.weights);
  return w?.imageSize ? sizeChangeSentence('That model', w.imageSize, f.imageSize) : null;
}

/** "3 real : 1 synthetic" style ratio of a split. */
export function ratioText(real: number, synthetic: number): string {
  if (real === 0 && synthetic === 0) return 'no pages';
  if (synthetic === 0) return `${real} real, no synthetic`;
  if (real === 0) return `${synthetic} synthetic, no real`;
  const r = real / synthetic;
  return `${real} real : ${synthetic} synthetic (${r >= 1 ? `${r.toFixed(1)} : 1` : `1 : ${(1 / r).toFixed(1)}`})`;
}
