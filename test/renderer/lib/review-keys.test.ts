import { describe, expect, it } from 'vitest';
import { reviewKey } from '../../../src-renderer/src/lib/review-keys';

const key = (
  k: string,
  mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {},
) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('review keyboard map', () => {
  it('maps the one-key decisions', () => {
    expect(reviewKey(key('a'), false)).toBe('accept');
    expect(reviewKey(key('x'), false)).toBe('reject');
    expect(reviewKey(key('e'), false)).toBe('adjust');
    expect(reviewKey(key('u'), false)).toBe('undo');
    expect(reviewKey(key('A', { shiftKey: true }), false)).toBe('acceptAll');
  });

  it('moves between boxes and pages', () => {
    expect(reviewKey(key('Tab'), false)).toBe('next');
    expect(reviewKey(key('Tab', { shiftKey: true }), false)).toBe('prev');
    expect(reviewKey(key('ArrowDown'), false)).toBe('next');
    expect(reviewKey(key('ArrowUp'), false)).toBe('prev');
    expect(reviewKey(key('n'), false)).toBe('nextPage');
    expect(reviewKey(key('p'), false)).toBe('prevPage');
  });

  it('only saves or cancels while a box is being adjusted', () => {
    expect(reviewKey(key('Enter'), true)).toBe('save');
    expect(reviewKey(key('Escape'), true)).toBe('cancel');
    expect(reviewKey(key('a'), true)).toBeNull();
  });

  it('leaves shortcuts with Ctrl, Cmd or Alt to the app', () => {
    expect(reviewKey(key('a', { ctrlKey: true }), false)).toBeNull();
    expect(reviewKey(key('x', { metaKey: true }), false)).toBeNull();
    expect(reviewKey(key('q'), false)).toBeNull();
  });
});
