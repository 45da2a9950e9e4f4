/**
 * Undo/redo of immutable snapshots. `push` records the state before a change; a change with
 * the same `mergeKey` as the previous one within `mergeMs` (e.g. a run of arrow-key nudges of
 * one box, or typing a label) joins that step instead of adding one.
 */
export class History<T> {
  private undoStack: T[] = [];
  private redoStack: T[] = [];
  private lastKey: string | null = null;
  private lastAt = 0;

  constructor(
    private readonly limit = 200,
    private readonly mergeMs = 1000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get size(): number {
    return this.undoStack.length;
  }

  /** Records `before`, the state the upcoming change replaces. Clears redo. */
  push(before: T, mergeKey: string | null = null): void {
    const t = this.now();
    const merge = mergeKey !== null && mergeKey === this.lastKey && t - this.lastAt <= this.mergeMs;
    this.lastKey = mergeKey;
    this.lastAt = t;
    this.redoStack = [];
    if (merge && this.undoStack.length > 0) return;
    this.undoStack.push(before);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
  }

  /** Returns the state to go back to (and remembers `current` for redo), or null. */
  undo(current: T): T | null {
    const prev = this.undoStack.pop();
    if (prev === undefined) return null;
    this.redoStack.push(current);
    this.lastKey = null;
    return prev;
  }

  redo(current: T): T | null {
    const next = this.redoStack.pop();
    if (next === undefined) return null;
    this.undoStack.push(current);
    this.lastKey = null;
    return next;
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.lastKey = null;
  }
}
