import type { SweepDTO } from '$shared/contract/sweeps';
import { api, errorMessage } from '../api';

/** The sweeps of the data folder, kept live by `sweeps:onUpdate` and run events. */
export class SweepsState {
  sweeps = $state<SweepDTO[]>([]);
  error = $state<string | null>(null);
  private offs: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  start(): void {
    this.offs.push(
      api.on('sweeps:onUpdate', (s) => this.upsert(s)),
      // a cell's figures change as its run trains
      api.on('runs:onUpdate', (r) => {
        if (this.sweeps.some((s) => s.cells.some((c) => c.runId === r.id))) this.schedule();
      }),
    );
    void this.refresh();
  }

  stop(): void {
    for (const off of this.offs) off();
    if (this.timer) clearTimeout(this.timer);
  }

  async refresh(): Promise<void> {
    try {
      this.sweeps = await api.call('sweeps:list', {});
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  async cancel(id: number): Promise<void> {
    await this.act(() => api.call('sweeps:cancel', { sweepId: id }));
  }

  async resume(id: number): Promise<void> {
    await this.act(() => api.call('sweeps:resume', { sweepId: id }));
  }

  private async act(f: () => Promise<SweepDTO>): Promise<void> {
    try {
      this.upsert(await f());
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  private upsert(s: SweepDTO): void {
    const i = this.sweeps.findIndex((x) => x.id === s.id);
    if (i >= 0) this.sweeps[i] = s;
    else this.sweeps = [s, ...this.sweeps];
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, 1000);
  }
}
