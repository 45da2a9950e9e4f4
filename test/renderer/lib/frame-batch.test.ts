import { describe, expect, it, vi } from 'vitest';
import { FrameBatcher } from '../../../src-renderer/src/lib/frame-batch';

describe('FrameBatcher', () => {
  it('hands a burst of events over as one batch, and the next burst no sooner than the interval', () => {
    vi.useFakeTimers();
    let now = 0;
    const batches: number[][] = [];
    const b = new FrameBatcher<number>(
      (items) => batches.push(items),
      250,
      () => now,
      (cb) => setTimeout(cb, 16) as unknown as number,
    );
    for (let i = 0; i < 50; i++) b.push(i);
    vi.advanceTimersByTime(20);
    now = 20;
    expect(batches).toEqual([Array.from({ length: 50 }, (_, i) => i)]);
    b.push(50);
    b.push(51);
    vi.advanceTimersByTime(100);
    now = 120;
    expect(batches).toHaveLength(1); // still within 250 ms of the last flush
    vi.advanceTimersByTime(200);
    now = 320;
    expect(batches[1]).toEqual([50, 51]);
    b.push(52);
    b.flushNow();
    expect(batches[2]).toEqual([52]);
    b.push(53);
    b.dispose();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(3);
    vi.useRealTimers();
  });
});
