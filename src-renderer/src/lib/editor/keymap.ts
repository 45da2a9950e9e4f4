/**
 * Keyboard shortcuts of the page editor: one table that both drives `actionFor` and fills the
 * `?` overlay, so every key that does something is listed there.
 */
import type { BoxClass } from '$shared/boxes';

export type ZoomMode = 'in' | 'out' | 'width' | 'page' | 'actual';

export type EditorAction =
  | { type: 'class'; cls: BoxClass }
  | { type: 'style'; dir: 1 | -1 }
  | { type: 'label' }
  | { type: 'delete' }
  | { type: 'cycle'; dir: 1 | -1 }
  | { type: 'nudge'; dx: number; dy: number }
  | { type: 'grow'; dw: number; dh: number }
  | { type: 'page'; dir: 1 | -1 }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'noRedactions' }
  | { type: 'reviewed' }
  | { type: 'reviewedNext' }
  | { type: 'zoom'; mode: ZoomMode }
  | { type: 'deselect' }
  | { type: 'help' }
  | { type: 'toggleBoxes' }
  | { type: 'copy' }
  | { type: 'paste' };

/** What `actionFor` needs from a KeyboardEvent (so it can be tested without a DOM). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Shortcut {
  group: 'Boxes' | 'Classes and style' | 'Pages' | 'View' | 'History';
  keys: string[];
  what: string;
}

export const SHORTCUTS: Shortcut[] = [
  { group: 'Boxes', keys: ['Drag'], what: 'Draw a box (on empty page) or move a box' },
  { group: 'Boxes', keys: ['Drag a handle'], what: 'Resize the selected box' },
  { group: 'Boxes', keys: ['Tab', 'Shift+Tab'], what: 'Select the next / previous box' },
  { group: 'Boxes', keys: ['←', '→', '↑', '↓'], what: 'Move the selected box by 1 px (Shift: 10 px)' },
  { group: 'Boxes', keys: ['Alt+←/→/↑/↓'], what: 'Resize the selected box from its right/bottom edge (Shift: 10 px)' },
  { group: 'Boxes', keys: ['Delete', 'Backspace'], what: 'Delete the selected box' },
  { group: 'Boxes', keys: ['Ctrl+C', 'Ctrl+V'], what: 'Copy the selected box / paste it (also on another page)' },
  { group: 'Boxes', keys: ['Esc'], what: 'Deselect, cancel a drag, close this overlay' },
  { group: 'Classes and style', keys: ['1', 'r'], what: 'Class redaction (selected box, and boxes drawn next)' },
  { group: 'Classes and style', keys: ['2', 'c'], what: 'Class content (the page’s content area)' },
  { group: 'Classes and style', keys: ['3', 'e'], what: 'Class exemption label, e.g. (b)(6)' },
  {
    group: 'Classes and style',
    keys: ['s', 'Shift+S'],
    what: 'Next / previous style: none, black, grey, white-bordered, cross-hatched, marker',
  },
  { group: 'Classes and style', keys: ['l'], what: 'Edit the label text of the selected box (Enter to finish)' },
  { group: 'Pages', keys: ['PageDown', 'j'], what: 'Next page (also → when no box is selected)' },
  { group: 'Pages', keys: ['PageUp', 'k'], what: 'Previous page (also ← when no box is selected)' },
  { group: 'Pages', keys: ['n'], what: 'Toggle “page has no redactions”' },
  { group: 'Pages', keys: ['m'], what: 'Toggle “reviewed”' },
  { group: 'Pages', keys: ['Ctrl+Enter'], what: 'Mark reviewed and go to the next page' },
  { group: 'View', keys: ['+', '-'], what: 'Zoom in / out (also Ctrl+wheel)' },
  { group: 'View', keys: ['w', 'f', '0'], what: 'Fit width / fit page / 100%' },
  { group: 'View', keys: ['Space+drag', 'Middle drag'], what: 'Pan (the wheel scrolls, Shift+wheel sideways)' },
  { group: 'View', keys: ['h'], what: 'Hide / show boxes' },
  { group: 'View', keys: ['?'], what: 'Show / hide this list' },
  { group: 'History', keys: ['Ctrl+Z'], what: 'Undo (this page)' },
  { group: 'History', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], what: 'Redo' },
];

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function withModifier(e: KeyLike, k: string): EditorAction | null {
  if (k === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' };
  if (k === 'y') return { type: 'redo' };
  if (k === 'c' && !e.shiftKey) return { type: 'copy' };
  if (k === 'v' && !e.shiftKey) return { type: 'paste' };
  if (e.key === 'Enter') return { type: 'reviewedNext' };
  return null;
}

function arrow(e: KeyLike, hasSelection: boolean): EditorAction | null {
  const d = ARROWS[e.key];
  if (!d) return null;
  if (!hasSelection) {
    if (e.altKey || e.shiftKey || d[0] === 0) return null;
    return { type: 'page', dir: d[0] > 0 ? 1 : -1 };
  }
  const step = e.shiftKey ? 10 : 1;
  return e.altKey
    ? { type: 'grow', dw: d[0] * step, dh: d[1] * step }
    : { type: 'nudge', dx: d[0] * step, dy: d[1] * step };
}

const PLAIN: Record<string, EditorAction> = {
  '1': { type: 'class', cls: 'redaction' },
  r: { type: 'class', cls: 'redaction' },
  '2': { type: 'class', cls: 'content' },
  c: { type: 'class', cls: 'content' },
  '3': { type: 'class', cls: 'exemption_label' },
  e: { type: 'class', cls: 'exemption_label' },
  s: { type: 'style', dir: 1 },
  S: { type: 'style', dir: -1 },
  l: { type: 'label' },
  Delete: { type: 'delete' },
  Backspace: { type: 'delete' },
  PageDown: { type: 'page', dir: 1 },
  j: { type: 'page', dir: 1 },
  PageUp: { type: 'page', dir: -1 },
  k: { type: 'page', dir: -1 },
  n: { type: 'noRedactions' },
  m: { type: 'reviewed' },
  '+': { type: 'zoom', mode: 'in' },
  '=': { type: 'zoom', mode: 'in' },
  '-': { type: 'zoom', mode: 'out' },
  w: { type: 'zoom', mode: 'width' },
  f: { type: 'zoom', mode: 'page' },
  '0': { type: 'zoom', mode: 'actual' },
  h: { type: 'toggleBoxes' },
  '?': { type: 'help' },
  Escape: { type: 'deselect' },
};

/** The editor action a key press means, or null to let the browser handle it. */
export function actionFor(e: KeyLike, hasSelection: boolean): EditorAction | null {
  if (e.ctrlKey || e.metaKey) return e.altKey ? null : withModifier(e, e.key.toLowerCase());
  if (e.key === 'Tab') return { type: 'cycle', dir: e.shiftKey ? -1 : 1 };
  const a = arrow(e, hasSelection);
  if (a || ARROWS[e.key]) return a;
  if (e.altKey) return null;
  return PLAIN[e.key] ?? null;
}
