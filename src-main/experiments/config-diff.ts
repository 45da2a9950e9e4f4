import type { ConfigDifferenceDTO, ExperimentRunDTO } from '../shared/contract/experiments';

/** A setting people compare runs by, with how its value is written in a legend. */
interface Field {
  key: string;
  label: string;
  value(r: ExperimentRunDTO): string;
}

/** "scratch", "default model" or the last two parts of the model folder. */
function initLabel(init: string | null | undefined): string {
  if (!init) return 'scratch';
  const parts = init.split(/[\\/]/).filter(Boolean);
  if (parts.slice(-2).join('/') === 'models/default') return 'default model';
  return parts.slice(-2).join('/');
}

const pct = (x: number | null): string => (x === null ? 'as in the data' : `${Math.round(x * 100)}%`);

/** Settings in the order a legend names them (the seed's levers first). */
export const COMPARED_FIELDS: Field[] = [
  { key: 'batchSize', label: 'batch size', value: (r) => String(r.settings.batchSize) },
  { key: 'imageSize', label: 'image size', value: (r) => `${r.settings.imageSize} px` },
  { key: 'backbone', label: 'backbone', value: (r) => r.settings.backbone },
  { key: 'syntheticShare', label: 'synthetic share', value: (r) => pct(r.settings.syntheticShare) },
  { key: 'lr', label: 'learning rate', value: (r) => String(r.settings.lr) },
  { key: 'schedule', label: 'schedule', value: (r) => r.settings.schedule },
  { key: 'epochs', label: 'epochs', value: (r) => String(r.settings.epochs) },
  { key: 'weightDecay', label: 'weight decay', value: (r) => String(r.settings.weightDecay) },
  { key: 'augment', label: 'augmentation', value: (r) => (r.settings.augment ? 'on' : 'off') },
  { key: 'seed', label: 'seed', value: (r) => String(r.settings.seed) },
  { key: 'init', label: 'starting weights', value: (r) => initLabel(r.settings.init) },
  {
    key: 'dataset',
    label: 'dataset',
    value: (r) => (r.datasetHash ? `${r.datasetName ?? 'files'} ${r.datasetHash.slice(0, 8)}` : 'unknown'),
  },
  { key: 'backend', label: 'backend', value: (r) => r.backend ?? 'not started' },
  { key: 'appVersion', label: 'app version', value: (r) => r.appVersion ?? 'unknown' },
];

/** The settings whose values are not all equal across the runs. */
export function configDifferences(runs: ExperimentRunDTO[]): ConfigDifferenceDTO[] {
  const out: ConfigDifferenceDTO[] = [];
  for (const f of COMPARED_FIELDS) {
    const values = runs.map((r) => f.value(r));
    if (new Set(values).size > 1) out.push({ key: f.key, label: f.label, values });
  }
  return out;
}

/** Legend text of run `i`: the first few differing settings ("batch size 16"), else its name. */
export function legendLabel(run: ExperimentRunDTO, i: number, diffs: ConfigDifferenceDTO[], max = 3): string {
  const parts = diffs.slice(0, max).map((d) => `${d.label} ${d.values[i]}`);
  if (diffs.length > max) parts.push('…');
  return parts.length ? parts.join(', ') : `#${run.id} ${run.name}`;
}

/** The value of one compared setting, for grouping runs that differ only in another. */
export function fieldValue(key: string, run: ExperimentRunDTO): string {
  const f = COMPARED_FIELDS.find((x) => x.key === key);
  return f ? f.value(run) : '';
}
