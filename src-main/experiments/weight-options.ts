import path from 'node:path';
import { defaultModelDir, modelInfo } from '../ml/model-folder';
import type { ExperimentRunDTO, WeightOptionDTO } from '../shared/contract/experiments';

/**
 * Starting weights a run can use: from scratch, the shipped default model (when installed), and
 * every completed run whose folder holds its exported model (newest first, at most 30).
 */
export function weightOptions(runs: readonly ExperimentRunDTO[]): WeightOptionDTO[] {
  const def = modelInfo(defaultModelDir());
  const out: WeightOptionDTO[] = [
    {
      key: 'scratch',
      label: 'From scratch',
      init: 'none',
      backbone: null,
      imageSize: null,
      available: true,
      reason: null,
    },
    {
      key: 'default',
      label: def ? `The default model (${def.backbone}, ${def.imageSize} px)` : 'The default model',
      init: 'default',
      backbone: def?.backbone ?? null,
      imageSize: def?.imageSize ?? null,
      available: def !== null,
      reason: def
        ? null
        : 'The default model is not installed in this copy of the app (resources/models/default). Train one with `npm run train:default-model`, or start from an earlier run.',
    },
  ];
  for (const r of runs) {
    if (out.length >= 32) break;
    const info = r.status === 'completed' ? modelInfo(r.outDir) : null;
    if (!info || !r.outDir) continue;
    out.push({
      key: `run:${r.id}`,
      label: `Run ${r.id}: ${r.name} (${info.backbone}, ${info.imageSize} px)`,
      init: r.outDir,
      backbone: info.backbone,
      imageSize: info.imageSize,
      available: true,
      reason: null,
    });
  }
  return out;
}

/** The option key of a run's `init` setting (a resolved folder path, or null). */
export function weightsKeyOf(init: string | null | undefined, runs: readonly ExperimentRunDTO[]): string {
  if (!init) return 'scratch';
  if (path.resolve(init) === path.resolve(defaultModelDir())) return 'default';
  const run = runs.find((r) => r.outDir && path.resolve(r.outDir) === path.resolve(init));
  return run ? `run:${run.id}` : 'scratch';
}
