/** Learning-rate schedule: linear warmup, then cosine decay to a floor (or step decay). */
export interface ScheduleConfig {
  lr: number;
  warmupSteps: number;
  totalSteps: number;
  kind: 'cosine' | 'step';
  /** Final learning rate as a fraction of lr (cosine). */
  minFactor: number;
  /** Step decay: multiply by 0.1 at these fractions of training. */
  milestones: number[];
}

/** Learning rate at `step` (0-based), before any NaN-recovery scale. */
export function learningRate(c: ScheduleConfig, step: number): number {
  if (c.warmupSteps > 0 && step < c.warmupSteps) return (c.lr * (step + 1)) / c.warmupSteps;
  const span = Math.max(1, c.totalSteps - c.warmupSteps);
  const t = Math.min(1, Math.max(0, (step - c.warmupSteps) / span));
  if (c.kind === 'step') return c.lr * 0.1 ** c.milestones.filter((m) => t >= m).length;
  return c.lr * (c.minFactor + (1 - c.minFactor) * 0.5 * (1 + Math.cos(Math.PI * t)));
}
