import type { AppInfo, Settings } from '$shared/contract/app';
import { api, errorMessage } from '../api';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

/** App-wide state: info about the install, settings, theme and toasts. */
export class AppState {
  info = $state<AppInfo | null>(null);
  settings = $state<Settings | null>(null);
  toasts = $state<Toast[]>([]);
  loadError = $state<string | null>(null);
  private prefersDark = $state(false);
  private nextToast = 1;

  theme = $derived.by(() => {
    const t = this.settings?.theme ?? 'system';
    return t === 'system' ? (this.prefersDark ? 'dark' : 'light') : t;
  });

  async start(): Promise<void> {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.prefersDark = mq.matches;
    mq.addEventListener('change', (e) => (this.prefersDark = e.matches));
    api.on('settings:onChanged', (s) => (this.settings = s));
    try {
      [this.info, this.settings] = await Promise.all([api.call('app:info', {}), api.call('settings:get', {})]);
    } catch (e) {
      this.loadError = errorMessage(e);
    }
  }

  async refreshInfo(): Promise<void> {
    this.info = await api.call('app:info', {});
  }

  async setSettings(patch: Partial<Settings>): Promise<void> {
    try {
      this.settings = await api.call('settings:set', patch);
    } catch (e) {
      this.toast('error', errorMessage(e));
    }
  }

  toast(kind: Toast['kind'], text: string, ms = kind === 'error' ? 8000 : 4000): void {
    const id = this.nextToast++;
    this.toasts = [...this.toasts, { id, kind, text }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }
}

export const appState = new AppState();
