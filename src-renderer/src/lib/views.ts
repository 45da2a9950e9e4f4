/** The app's main views, in navigation order. */
export const VIEWS = [
  { id: 'library', label: 'Library', key: '1', hint: 'Documents and pages' },
  { id: 'annotate', label: 'Annotate', key: '2', hint: 'Draw and fix boxes' },
  { id: 'synthetic', label: 'Synthetic', key: '3', hint: 'Generate redacted pages' },
  { id: 'train', label: 'Train', key: '4', hint: 'Train a detector' },
  { id: 'runs', label: 'Runs', key: '5', hint: 'Compare experiments' },
  { id: 'review', label: 'Review', key: '6', hint: 'Check detections' },
  { id: 'audit', label: 'Audit', key: '7', hint: 'Text left under boxes' },
  { id: 'settings', label: 'Settings', key: '8', hint: 'About, backend, backups' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function isViewId(s: string): s is ViewId {
  return VIEWS.some((v) => v.id === s);
}
