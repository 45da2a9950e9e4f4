import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUTS, type KeyLike } from '../../../../src-renderer/src/lib/editor/keymap';

function key(spec: string): KeyLike {
  const parts = spec.split('+');
  const k = parts.pop()!;
  return {
    key: k === '' ? '+' : k,
    ctrlKey: parts.includes('Ctrl'),
    metaKey: false,
    shiftKey: parts.includes('Shift'),
    altKey: parts.includes('Alt'),
  };
}

const NAMES: Record<string, string> = {
  '←': 'ArrowLeft',
  '→': 'ArrowRight',
  '↑': 'ArrowUp',
  '↓': 'ArrowDown',
  Esc: 'Escape',
  'Shift+S': 'Shift+S',
};

describe('editor keys', () => {
  it('changes the class with 1/2/3 and r/c/e', () => {
    expect(actionFor(key('1'), true)).toEqual({ type: 'class', cls: 'redaction' });
    expect(actionFor(key('c'), false)).toEqual({ type: 'class', cls: 'content' });
    expect(actionFor(key('3'), true)).toEqual({ type: 'class', cls: 'exemption_label' });
  });

  it('nudges the selected box with arrows (Shift: 10 px) and turns pages when nothing is selected', () => {
    expect(actionFor(key('ArrowLeft'), true)).toEqual({ type: 'nudge', dx: -1, dy: 0 });
    expect(actionFor(key('Shift+ArrowDown'), true)).toEqual({ type: 'nudge', dx: 0, dy: 10 });
    expect(actionFor(key('Alt+ArrowRight'), true)).toEqual({ type: 'grow', dw: 1, dh: 0 });
    expect(actionFor(key('ArrowRight'), false)).toEqual({ type: 'page', dir: 1 });
    expect(actionFor(key('ArrowLeft'), false)).toEqual({ type: 'page', dir: -1 });
    // up/down without a selection are left to the browser (scrolling)
    expect(actionFor(key('ArrowDown'), false)).toBeNull();
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(actionFor(key('Ctrl+z'), false)).toEqual({ type: 'undo' });
    expect(actionFor({ ...key('Ctrl+Shift+Z') }, false)).toEqual({ type: 'redo' });
    expect(actionFor(key('Ctrl+y'), false)).toEqual({ type: 'redo' });
  });

  it('leaves keys it does not own to the browser', () => {
    expect(actionFor(key('Ctrl+1'), false)).toBeNull();
    expect(actionFor(key('x'), true)).toBeNull();
    expect(actionFor(key('Alt+n'), true)).toBeNull();
  });

  it('does something for every key listed in the shortcut overlay', () => {
    const pointerOnly = ['Drag', 'Drag a handle', 'Space+drag', 'Middle drag'];
    for (const s of SHORTCUTS) {
      for (const raw of s.keys) {
        if (pointerOnly.includes(raw)) continue;
        const specs = raw === 'Alt+←/→/↑/↓' ? ['Alt+ArrowLeft'] : [raw];
        for (const spec of specs) {
          const named = NAMES[spec] ?? spec.replace(/(←|→|↑|↓|Esc)$/, (m) => NAMES[m] ?? m);
          const k = key(named === 'Ctrl+Z' ? 'Ctrl+z' : named);
          const a = actionFor(k, true) ?? actionFor(k, false);
          expect(a, `key ${raw} (${s.what})`).not.toBeNull();
        }
      }
    }
  });
});
