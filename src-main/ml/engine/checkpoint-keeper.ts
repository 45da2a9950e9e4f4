import fs from 'node:fs';
import {
  checkpointDir,
  listCheckpoints,
  removeTempCheckpoints,
  writeCheckpoint,
  type CheckpointData,
} from './checkpoint';
import type { CheckpointEvent } from './trainer-types';

/** Checkpoints kept besides the best one. */
const KEEP_LAST = 2;

/**
 * Writes a run's checkpoints and decides which to keep: the last two and the best. At (re)start
 * it removes leftovers of interrupted writes and folders beyond the resumed step (a timeline
 * abandoned because its newer checkpoint was torn or corrupt).
 */
export class CheckpointKeeper {
  private readonly kept: { dir: string; step: number }[];
  private bestDir: string | null;

  constructor(
    private readonly root: string,
    step: number,
    bestStep: number | null,
  ) {
    removeTempCheckpoints(root);
    const all = listCheckpoints(root);
    for (const c of all) if (c.step > step) fs.rmSync(c.dir, { recursive: true, force: true });
    this.kept = all.filter((c) => c.step <= step).reverse();
    this.bestDir = bestStep !== null ? checkpointDir(root, bestStep) : null;
  }

  /** The best checkpoint's folder so far, if any. */
  get best(): string | null {
    return this.bestDir;
  }

  /** Writes `data` atomically and returns the event, with the folders that are no longer kept. */
  save(data: CheckpointData, isBest: boolean): CheckpointEvent {
    const { dir, sha256 } = writeCheckpoint(this.root, data);
    for (let i = this.kept.length - 1; i >= 0; i--) if (this.kept[i]!.dir === dir) this.kept.splice(i, 1);
    this.kept.push({ dir, step: data.state.step });
    const pruned: string[] = [];
    if (isBest) {
      if (this.bestDir && this.bestDir !== dir && !this.kept.some((k) => k.dir === this.bestDir))
        pruned.push(this.bestDir);
      this.bestDir = dir;
    }
    while (this.kept.length > KEEP_LAST) {
      const old = this.kept.shift()!;
      if (old.dir !== this.bestDir) pruned.push(old.dir);
    }
    const s = data.state;
    return { dir, sha256, step: s.step, epoch: s.epoch, isBest, metrics: s.metrics, pruned };
  }
}
