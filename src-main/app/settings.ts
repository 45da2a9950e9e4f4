import type { Database } from 'better-sqlite3';
import { settingsSchema, type Settings } from '../shared/contract/app';
import type { EventBus } from './event-bus';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', mlBackend: 'auto', defaultDpi: 100 };

/** Settings kept in the `settings` table as JSON values; unknown or invalid values fall back to defaults. */
export class SettingsStore {
  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly readOnly: boolean,
  ) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const raw: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const r of rows) {
      try {
        raw[r.key] = JSON.parse(r.value) as unknown;
      } catch {
        // keep the default for a value that cannot be read
      }
    }
    const parsed = settingsSchema.safeParse(raw);
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  set(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    if (!this.readOnly) {
      const put = this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      );
      this.db.transaction(() => {
        for (const [k, v] of Object.entries(patch)) put.run(k, JSON.stringify(v));
      })();
    }
    this.bus.emit('settings:onChanged', next);
    return next;
  }
}
