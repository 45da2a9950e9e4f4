import type { Database } from 'better-sqlite3';
import { synthSettingsSchema, type SynthProfileDTO, type SynthSettings } from '../shared/contract/synth';
import { AppError } from '../shared/errors';
import { BUILT_IN_PROFILES, builtInProfile, DEFAULT_SETTINGS } from './profiles';

const PREFIX = 'synthProfile:';

interface StoredProfile {
  description?: string;
  settings?: Partial<SynthSettings>;
}

/** User profiles, kept in the `settings` table under `synthProfile:<name>`, listed after the built-in ones. */
export class ProfileStore {
  constructor(
    private readonly db: Database,
    private readonly readOnly: boolean,
  ) {}

  list(): SynthProfileDTO[] {
    const rows = this.db
      .prepare(`SELECT key, value FROM settings WHERE key LIKE 'synthProfile:%' ORDER BY key`)
      .all() as { key: string; value: string }[];
    const user = rows
      .map((r) => this.parse(r.key.slice(PREFIX.length), r.value))
      .filter((p): p is SynthProfileDTO => p !== null);
    return [...BUILT_IN_PROFILES, ...user];
  }

  get(name: string): SynthProfileDTO | undefined {
    const b = builtInProfile(name);
    if (b) return b;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(PREFIX + name) as
      { value: string } | undefined;
    return row ? (this.parse(name, row.value) ?? undefined) : undefined;
  }

  /** The settings of a profile by name; a sentence naming the choices when there is no such profile. */
  settingsOf(name: string): SynthSettings {
    const p = this.get(name);
    if (!p) {
      const names = this.list().map((x) => x.name);
      throw new AppError('NOT_FOUND', `There is no synthetic profile "${name}". Choose one of: ${names.join(', ')}.`);
    }
    return p.settings;
  }

  save(name: string, description: string | undefined, settings: SynthSettings): SynthProfileDTO {
    const n = name.trim();
    if (builtInProfile(n))
      throw new AppError('CONFLICT', `"${n}" is a built-in profile; save your settings under another name.`);
    if (this.readOnly)
      throw new AppError('READ_ONLY', 'The database is open read-only, so the profile cannot be saved.');
    const value: StoredProfile = { description: description ?? '', settings: synthSettingsSchema.parse(settings) };
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(PREFIX + n, JSON.stringify(value));
    return this.get(n) as SynthProfileDTO;
  }

  delete(name: string): boolean {
    if (builtInProfile(name)) throw new AppError('CONFLICT', `"${name}" is a built-in profile and cannot be deleted.`);
    if (this.readOnly)
      throw new AppError('READ_ONLY', 'The database is open read-only, so the profile cannot be deleted.');
    return this.db.prepare('DELETE FROM settings WHERE key = ?').run(PREFIX + name).changes > 0;
  }

  /** A stored profile; settings saved by an older version get today's defaults for missing fields. */
  private parse(name: string, raw: string): SynthProfileDTO | null {
    try {
      const v = JSON.parse(raw) as StoredProfile;
      const settings = synthSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(v.settings ?? {}) });
      if (!settings.success) return null;
      return {
        name,
        title: name,
        description: typeof v.description === 'string' ? v.description : '',
        builtIn: false,
        settings: settings.data,
      };
    } catch {
      return null;
    }
  }
}
