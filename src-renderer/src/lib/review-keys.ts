export type ReviewAction =
  'next' | 'prev' | 'accept' | 'reject' | 'adjust' | 'save' | 'cancel' | 'undo' | 'acceptAll' | 'nextPage' | 'prevPage';

/**
 * The Review view's keys: a accept, x reject, e adjust (Enter saves, Esc cancels), u undo,
 * Shift+A accept all on the page, Tab/arrows between boxes, n/p between pages of the queue.
 * Returns null for keys the view leaves alone (and for any key with Ctrl/Cmd/Alt).
 */
export function reviewKey(
  e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  editing: boolean,
): ReviewAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (editing) {
    if (e.key === 'Enter') return 'save';
    if (e.key === 'Escape') return 'cancel';
    return null;
  }
  switch (e.key) {
    case 'Tab':
      return e.shiftKey ? 'prev' : 'next';
    case 'ArrowDown':
    case 'ArrowRight':
      return 'next';
    case 'ArrowUp':
    case 'ArrowLeft':
      return 'prev';
    case 'a':
      return 'accept';
    case 'A':
      return e.shiftKey ? 'acceptAll' : null;
    case 'x':
      return 'reject';
    case 'e':
      return 'adjust';
    case 'u':
      return 'undo';
    case 'n':
    case 'PageDown':
      return 'nextPage';
    case 'p':
    case 'PageUp':
      return 'prevPage';
    default:
      return null;
  }
}
