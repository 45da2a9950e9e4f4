/**
 * Collects items (training events) and hands them over in one batch per animation frame, at
 * most once every `minIntervalMs`, so a burst of events costs one chart update, not one each.
 */
export class FrameBatcher<T> {
  private items: T[] = [];
  private scheduled = false;
  private last = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;

  constructor(
    private readonly flush: (items: T[]) => void,
    private readonly minIntervalMs = 250,
    private readonly now: () => number = () => performance.now(),
    private readonly raf: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = Math.max(0, this.last + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.frame = this.raf(() => this.run());
    }, wait);
  }

  /** Hands over what is pending now (e.g. before the view goes away). */
  flushNow(): void {
    this.cancelTimers();
    this.run();
  }

  dispose(): void {
    this.cancelTimers();
    this.items = [];
  }

  private run(): void {
    this.frame = null;
    this.scheduled = false;
    this.last = this.now();
    const batch = this.items;
    this.items = [];
    if (batch.length) this.flush(batch);
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.frame);
    this.timer = null;
    this.frame = null;
    this.scheduled = false;
  }
}
