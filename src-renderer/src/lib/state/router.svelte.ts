import { isViewId, type ViewId } from '../views';

/**
 * Hash routes: `#/view?key=value`. Views read `router.params`; `router.go` changes both and
 * keeps browser back/forward working.
 */
export class Router {
  view = $state<ViewId>('library');
  params = $state<Record<string, string>>({});

  constructor() {
    this.read();
    window.addEventListener('hashchange', () => this.read());
  }

  go(view: ViewId, params: Record<string, string | number> = {}): void {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    const hash = `#/${view}${q ? `?${q}` : ''}`;
    if (location.hash !== hash) location.hash = hash;
    else this.read();
  }

  private read(): void {
    const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(location.hash);
    const v = m?.[1] ?? 'library';
    this.view = isViewId(v) ? v : 'library';
    this.params = Object.fromEntries(new URLSearchParams(m?.[2] ?? ''));
  }
}

export const router = new Router();
