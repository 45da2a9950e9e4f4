import type { SweepAxesDTO, SweepCellParams } from '../../shared/contract/sweeps';
import { AppError } from '../../shared/errors';

/** Most runs one sweep may queue. */
export const MAX_CELLS = 64;

const AXES = ['imageSize', 'batchSize', 'backbone', 'syntheticShare'] as const;

/** "384 px · batch 8 · small · 30% synthetic": a cell's settings as a label. */
export function cellLabel(p: SweepCellParams): string {
  const parts: string[] = [];
  if (p.imageSize !== undefined) parts.push(`${p.imageSize} px`);
  if (p.batchSize !== undefined) parts.push(`batch ${p.batchSize}`);
  if (p.backbone !== undefined) parts.push(p.backbone);
  if (p.syntheticShare !== undefined) parts.push(`${Math.round(p.syntheticShare * 100)}% synthetic`);
  return parts.join(' · ') || 'base settings';
}

/**
 * Every combination of the given axes (image size slowest, synthetic share fastest), each value
 * once in the order given. An empty grid is refused, and so is one with more than MAX_CELLS cells.
 */
export function expandGrid(axes: SweepAxesDTO): SweepCellParams[] {
  const used = AXES.filter((a) => (axes[a]?.length ?? 0) > 0);
  if (used.length === 0)
    throw new AppError('INVALID_REQUEST', 'Pick at least one value on one axis (image size, batch size, ...).');
  const valuesOf = (a: (typeof AXES)[number]): (string | number)[] => [...new Set<string | number>(axes[a] ?? [])];
  const count = used.reduce((n, a) => n * valuesOf(a).length, 1);
  if (count > MAX_CELLS)
    throw new AppError(
      'INVALID_REQUEST',
      `This grid has ${count} runs; a sweep holds at most ${MAX_CELLS}. Pick fewer values.`,
    );
  let cells: SweepCellParams[] = [{}];
  for (const a of used) {
    cells = cells.flatMap((c) => valuesOf(a).map((v) => ({ ...c, [a]: v })));
  }
  return cells;
}
