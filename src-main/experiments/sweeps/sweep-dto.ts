import type { ExperimentRunDTO } from '../../shared/contract/experiments';
import type { SweepCellDTO, SweepDTO } from '../../shared/contract/sweeps';
import { cellLabel } from './grid';
import type { SweepRecord } from './sweeps-repo';

/** Said when the grid varies the synthetic share of runs that train on a dataset. */
const SHARE_WARNING =
  'The synthetic share only changes runs that train on separate real and synthetic sources: a dataset split is trained as one source, so these runs see the same pages.';

/** A sweep with each cell's run and results, and the best cell (AP50, then mAP, then lower val loss). */
export function toSweepDto(s: SweepRecord, runs: Map<number, ExperimentRunDTO>): SweepDTO {
  const cells: SweepCellDTO[] = s.plan.cells.map((c, index) => {
    const run = c.runId !== null ? runs.get(c.runId) : undefined;
    return {
      index,
      params: c.params,
      label: cellLabel(c.params),
      runId: run ? run.id : null,
      status: run ? run.status : 'pending',
      error: c.error,
      bestAp50: run?.bestAp50 ?? null,
      bestMap: run?.bestMap ?? null,
      lastValLoss: run?.lastValLoss ?? null,
      imagesPerSec: run?.imagesPerSec ?? null,
      durationSeconds: run?.durationSeconds ?? null,
    };
  });
  const better = (a: SweepCellDTO, b: SweepCellDTO): boolean =>
    a.bestAp50! !== b.bestAp50!
      ? a.bestAp50! > b.bestAp50!
      : (a.bestMap ?? -1) !== (b.bestMap ?? -1)
        ? (a.bestMap ?? -1) > (b.bestMap ?? -1)
        : (a.lastValLoss ?? Infinity) < (b.lastValLoss ?? Infinity);
  let bestCell: number | null = null;
  for (const c of cells) {
    if (c.bestAp50 === null) continue;
    if (bestCell === null || better(c, cells[bestCell]!)) bestCell = c.index;
  }
  const usesShare = (s.plan.axes.syntheticShare?.length ?? 0) > 0;
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    axes: s.plan.axes,
    base: s.plan.base,
    cells,
    bestCell,
    jobId: s.plan.jobId,
    error: s.plan.error,
    warning: usesShare && s.plan.base.datasetId !== undefined ? SHARE_WARNING : null,
    createdAt: s.createdAt,
  };
}
