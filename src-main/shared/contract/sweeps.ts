// Channels and events of the sweeps domain: a grid of training runs executed one after another.
// Channel names are `sweeps:verb`, events `sweeps:onThing`.
import { z } from 'zod';
import { event, rpc } from './define';
import { runRequestSchema } from './experiments';
import { BACKBONE_SIZES, type RunStatus } from './runs';

export const SWEEP_STATUSES = ['queued', 'running', 'completed', 'cancelled', 'interrupted', 'failed'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];

/** The grid axes; an axis left out keeps the base request's value. */
export interface SweepAxesDTO {
  imageSize?: number[];
  batchSize?: number[];
  backbone?: (typeof BACKBONE_SIZES)[number][];
  syntheticShare?: number[];
}

/** The settings one grid cell changes. */
export type SweepCellParams = Partial<{
  imageSize: number;
  batchSize: number;
  backbone: (typeof BACKBONE_SIZES)[number];
  syntheticShare: number;
}>;

/** A grid cell with the run that trains it and that run's results. */
export interface SweepCellDTO {
  index: number;
  params: SweepCellParams;
  /** "384 px · batch 8": the cell's settings as a label. */
  label: string;
  runId: number | null;
  status: RunStatus | 'pending';
  /** Why the cell's run could not start, as a sentence. */
  error: string | null;
  bestAp50: number | null;
  bestMap: number | null;
  lastValLoss: number | null;
  imagesPerSec: number | null;
  durationSeconds: number | null;
}

export interface SweepDTO {
  id: number;
  name: string;
  status: SweepStatus;
  axes: SweepAxesDTO;
  base: Record<string, unknown>;
  cells: SweepCellDTO[];
  /** The cell with the best validation AP50 so far. */
  bestCell: number | null;
  jobId: string | null;
  error: string | null;
  /** Something to know about the grid (e.g. a setting the engine ignores), as a sentence. */
  warning: string | null;
  createdAt: string;
}

const sweepId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const axis = <T extends z.ZodType>(t: T) => z.array(t).min(1).max(8).optional();

export const sweepAxesSchema = z
  .object({
    imageSize: axis(z.number().int().min(128).max(2048).multipleOf(32)),
    batchSize: axis(z.number().int().min(1).max(256)),
    backbone: axis(z.enum(BACKBONE_SIZES)),
    syntheticShare: axis(z.number().min(0).max(0.95)),
  })
  .strict();

export const sweepsChannels = {
  /** Queues every cell of the grid as a run; they train one after another in the 'sweeps' job lane. */
  'sweeps:create': rpc(
    z
      .object({ name: z.string().trim().min(1).max(200).optional(), base: runRequestSchema, axes: sweepAxesSchema })
      .strict(),
  ).returns<SweepDTO>(),
  'sweeps:list': rpc(z.object({}).strict()).returns<SweepDTO[]>(),
  'sweeps:get': rpc(z.object({ sweepId }).strict()).returns<SweepDTO>(),
  /** Stops the run in progress (it stays resumable) and skips the remaining cells. */
  'sweeps:cancel': rpc(z.object({ sweepId }).strict()).returns<SweepDTO>(),
  /** Continues a cancelled or interrupted sweep: resumes its stopped run, then trains the remaining cells. */
  'sweeps:resume': rpc(z.object({ sweepId }).strict()).returns<SweepDTO>(),
};

export const sweepsEvents = {
  'sweeps:onUpdate': event<SweepDTO>(),
};
