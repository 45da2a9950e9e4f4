import type { JobDTO } from '$shared/contract/jobs';
import { api } from '../api';

export function isFinal(j: JobDTO): boolean {
  return j.status !== 'running' && j.status !== 'queued';
}

/**
 * Calls `onUpdate` with each newer state of a job the caller has just started, until and including
 * its final state, also when that state was reached before the caller subscribed (events can
 * overtake the reply that started the job, e.g. a job done in a few milliseconds). Returns an
 * unsubscribe.
 */
export function followJob(id: string, onUpdate: (j: JobDTO) => void): () => void {
  let done = false;
  const take = (j: JobDTO): void => {
    if (done || j.id !== id) return;
    if (isFinal(j)) {
      done = true;
      off();
    }
    onUpdate(j);
  };
  const off = api.on('jobs:onUpdate', take);
  void api.call('jobs:get', { id }).then(take, () => undefined);
  return () => {
    done = true;
    off();
  };
}

/** Every job the app knows of, kept live by `jobs:onUpdate` events. */
export class JobsState {
  jobs = $state<JobDTO[]>([]);
  active = $derived(this.jobs.filter((j) => !isFinal(j)));
  recent = $derived(this.jobs.slice(0, 30));
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('jobs:onUpdate', (j) => this.upsert(j));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const list = await api.call('jobs:list', { limit: 50 });
      // keep any event that arrived while the list was loading
      const byId = new Map(list.map((j) => [j.id, j]));
      for (const j of this.jobs) if (!byId.has(j.id)) byId.set(j.id, j);
      this.jobs = [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } catch {
      // the panel shows what events bring
    }
  }

  upsert(j: JobDTO): void {
    const i = this.jobs.findIndex((x) => x.id === j.id);
    // a reply that started a job can arrive after the events of its progress: never step back
    if (i >= 0 && isFinal(this.jobs[i]!) && !isFinal(j)) return;
    if (i >= 0) this.jobs[i] = j;
    else this.jobs = [j, ...this.jobs];
  }

  /** Resolves when the job reaches a final status. */
  waitFor(id: string): Promise<JobDTO> {
    return new Promise((resolve) => {
      followJob(id, (j) => {
        if (isFinal(j)) resolve(j);
      });
    });
  }

  cancel(id: string): Promise<JobDTO> {
    return api.call('jobs:cancel', { id });
  }
}

export const jobs = new JobsState();
