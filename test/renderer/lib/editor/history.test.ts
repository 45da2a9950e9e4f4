import { describe, expect, it } from 'vitest';
import { History } from '../../../../src-renderer/src/lib/editor/history';

describe('undo history', () => {
  it('undoes and redoes in order, and a new change clears redo', () => {
    const h = new History<string>();
    h.push('a');
    h.push('b');
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.undo('a')).toBeNull();
    expect(h.redo('a')).toBe('b');
    h.push('b');
    expect(h.canRedo).toBe(false);
  });

  it('joins quick repeats of the same edit into one step', () => {
    let t = 0;
    const h = new History<number>(200, 1000, () => t);
    h.push(0, 'nudge:1');
    t = 100;
    h.push(1, 'nudge:1');
    t = 200;
    h.push(2, 'nudge:1');
    expect(h.size).toBe(1);
    t = 5000;
    h.push(3, 'nudge:1');
    expect(h.size).toBe(2);
    h.push(4, 'nudge:2');
    expect(h.size).toBe(3);
    expect(h.undo(5)).toBe(4);
  });

  it('keeps at most its limit of steps', () => {
    const h = new History<number>(3);
    for (let i = 0; i < 10; i++) h.push(i);
    expect(h.size).toBe(3);
    expect(h.undo(10)).toBe(9);
  });
});
