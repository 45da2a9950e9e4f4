import { z } from 'zod';
import { event, rpc } from './define';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobDTO {
  id: string;
  kind: string;
  /** Short title for the jobs panel, e.g. "Import 12 files". */
  title: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Estimated seconds left, from the progress rate so far; null when unknown. */
  etaSeconds: number | null;
  error: { code: string; message: string } | null;
  result: unknown;
}

export const jobId = z.string().min(1).max(64);

export const jobsChannels = {
  'jobs:list': rpc(
    z.object({ active: z.boolean().optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
  ).returns<JobDTO[]>(),
  'jobs:get': rpc(z.object({ id: jobId }).strict()).returns<JobDTO>(),
  'jobs:cancel': rpc(z.object({ id: jobId }).strict()).returns<JobDTO>(),
  /** Loads the ML backend in a worker and measures a small matrix product; a real, short job. */
  'jobs:startDiagnostics': rpc(
    z.object({ size: z.number().int().min(16).max(2048).optional() }).strict(),
  ).returns<JobDTO>(),
};

export const jobsEvents = {
  'jobs:onUpdate': event<JobDTO>(),
};
