import type { SweepAxesDTO } from '$shared/contract/sweeps';

/** The sweep axes as typed: comma-separated values. */
export interface AxesText {
  imageSize: string;
  batchSize: string;
  backbone: string;
  syntheticShare: string;
}

const list = (s: string): string[] =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Parses the typed axes; `problems` says in sentences what is wrong, `cells` how many runs it makes. */
export function parseAxes(t: AxesText): { axes: SweepAxesDTO; problems: string[]; cells: number } {
  const problems: string[] = [];
  const axes: SweepAxesDTO = {};
  const ints = (name: string, s: string, ok: (n: number) => boolean, rule: string): number[] | undefined => {
    const v = list(s);
    if (v.length === 0) return undefined;
    const n = v.map(Number);
    if (n.some((x) => !Number.isInteger(x) || !ok(x))) problems.push(`${name}: ${rule}`);
    return [...new Set(n)];
  };
  axes.imageSize = ints(
    'Image sizes',
    t.imageSize,
    (x) => x >= 128 && x <= 2048 && x % 32 === 0,
    'multiples of 32 from 128 to 2048.',
  );
  axes.batchSize = ints('Batch sizes', t.batchSize, (x) => x >= 1 && x <= 256, 'whole numbers from 1 to 256.');
  const bb = list(t.backbone);
  if (bb.length) {
    if (bb.some((b) => !['small', 'medium', 'large'].includes(b))) problems.push('Backbones: small, medium or large.');
    axes.backbone = [...new Set(bb)] as SweepAxesDTO['backbone'];
  }
  const sh = list(t.syntheticShare).map((x) => (x.endsWith('%') ? Number(x.slice(0, -1)) / 100 : Number(x)));
  if (sh.length) {
    if (sh.some((x) => !(x >= 0 && x <= 0.95))) problems.push('Synthetic shares: from 0 to 0.95 (or 0% to 95%).');
    axes.syntheticShare = [...new Set(sh)];
  }
  for (const k of ['imageSize', 'batchSize', 'backbone', 'syntheticShare'] as const)
    if (!axes[k]?.length) delete axes[k];
  const lengths = [axes.imageSize, axes.batchSize, axes.backbone, axes.syntheticShare]
    .filter((v) => v !== undefined)
    .map((v) => v.length);
  const cells = lengths.length ? lengths.reduce((n, k) => n * k, 1) : 0;
  if (cells === 0) problems.push('Give values for at least one axis.');
  else if (cells > 64) problems.push(`That is ${cells} runs; a sweep holds at most 64.`);
  return { axes, problems, cells };
}
