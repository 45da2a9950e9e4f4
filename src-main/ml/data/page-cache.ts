import { fitPage, type FittedPage } from './letterbox';

/**
 * Fitted pages kept in memory (least recently used first out) so that later epochs skip the PNG
 * decode and resize; concurrent requests for one page share one decode.
 */
export class PageCache {
  private readonly pages = new Map<string, FittedPage>();
  private readonly pending = new Map<string, Promise<FittedPage>>();
  private bytes = 0;

  constructor(
    private readonly size: number,
    private readonly budgetBytes: number,
  ) {}

  async get(file: string): Promise<FittedPage> {
    const hit = this.pages.get(file);
    if (hit) {
      this.pages.delete(file);
      this.pages.set(file, hit);
      return hit;
    }
    const inflight = this.pending.get(file);
    if (inflight) return inflight;
    const p = fitPage(file, this.size).then(
      (page) => {
        this.pending.delete(file);
        this.store(file, page);
        return page;
      },
      (e: unknown) => {
        this.pending.delete(file);
        throw e;
      },
    );
    this.pending.set(file, p);
    return p;
  }

  private store(file: string, page: FittedPage): void {
    this.pages.set(file, page);
    this.bytes += page.rgb.length;
    for (const [k, v] of this.pages) {
      if (this.bytes <= this.budgetBytes || this.pages.size <= 1) break;
      this.pages.delete(k);
      this.bytes -= v.rgb.length;
    }
  }
}
