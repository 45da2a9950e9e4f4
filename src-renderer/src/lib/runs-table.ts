import type { ExperimentRunDTO } from '$shared/contract/experiments';

export type SortKey =
  | 'id'
  | 'name'
  | 'status'
  | 'createdAt'
  | 'duration'
  | 'backend'
  | 'dataset'
  | 'imageSize'
  | 'batchSize'
  | 'backbone'
  | 'bestMap'
  | 'bestAp50';

export interface RunsQuery {
  text: string;
  status: string;
  sort: SortKey;
  desc: boolean;
}

const BACKBONES = { small: 0, medium: 1, large: 2 } as const;

/** The value a column sorts by (nulls sort last either way). */
export function sortValue(r: ExperimentRunDTO, key: SortKey): string | number | null {
  switch (key) {
    case 'id':
      return r.id;
    case 'name':
      return r.name.toLowerCase();
    case 'status':
      return r.status;
    case 'createdAt':
      return r.createdAt;
    case 'duration':
      return r.durationSeconds;
    case 'backend':
      return r.backend;
    case 'dataset':
      return r.datasetName ?? r.datasetHash;
    case 'imageSize':
      return r.settings.imageSize;
    case 'batchSize':
      return r.settings.batchSize;
    case 'backbone':
      return BACKBONES[r.settings.backbone];
    case 'bestMap':
      return r.bestMap;
    case 'bestAp50':
      return r.bestAp50;
  }
}

/** Text a filter matches: name, notes, tags, status, backend, backbone, dataset, "512px", "b16". */
function haystack(r: ExperimentRunDTO): string {
  const s = r.settings;
  return [
    `#${r.id}`,
    r.name,
    r.notes ?? '',
    ...r.tags,
    r.status,
    r.backend ?? '',
    s.backbone,
    r.datasetName ?? '',
    r.datasetHash?.slice(0, 12) ?? '',
    `${s.imageSize}px`,
    `b${s.batchSize}`,
    `batch ${s.batchSize}`,
  ]
    .join(' ')
    .toLowerCase();
}

/** Filters by words (all must match) and status, then sorts. */
export function queryRuns(runs: readonly ExperimentRunDTO[], q: RunsQuery): ExperimentRunDTO[] {
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  const out = runs.filter(
    (r) => (q.status === '' || r.status === q.status) && words.every((w) => haystack(r).includes(w)),
  );
  const dir = q.desc ? -1 : 1;
  return out.sort((a, b) => {
    const x = sortValue(a, q.sort);
    const y = sortValue(b, q.sort);
    if (x === y) return b.id - a.id;
    if (x === null) return 1;
    if (y === null) return -1;
    return (x < y ? -1 : 1) * dir;
  });
}
