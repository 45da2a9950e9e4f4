import { z } from 'zod';
import { event, rpc } from './define';

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why this backend was not used (or "selected"). */
  reason: string;
}

export const BACKEND_NAMES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendReport {
  selected: BackendName | null;
  forced: BackendName | null;
  attempts: BackendAttempt[];
  /** Filled once the backend was actually loaded in a worker; null until probed. */
  probedAt: string | null;
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  databasePath: string;
  databaseReadOnly: boolean;
  /** Shown as a banner when the database is read-only or was repaired. */
  databaseMessage: string | null;
  sqliteVersion: string;
  transport: 'electron' | 'http';
  platform: string;
  node: string;
  backend: BackendReport;
}

export const SETTING_KEYS = ['theme', 'mlBackend', 'defaultDpi'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export type Settings = { theme: 'light' | 'dark' | 'system'; mlBackend: 'auto' | BackendName; defaultDpi: number };

export const settingsSchema = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  mlBackend: z.enum(['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']),
  defaultDpi: z.number().int().min(50).max(400),
});

export interface BackupInfo {
  name: string;
  bytes: number;
  createdAt: string;
  schemaVersion: number;
}

export const appChannels = {
  'app:info': rpc(z.object({}).strict()).returns<AppInfo>(),
  'app:probeBackend': rpc(z.object({}).strict()).returns<BackendReport>(),
  'app:openExternal': rpc(z.object({ url: z.string().url().max(2000) }).strict()).returns<{ opened: boolean }>(),
  'settings:get': rpc(z.object({}).strict()).returns<Settings>(),
  'settings:set': rpc(settingsSchema.partial().strict()).returns<Settings>(),
  'backup:create': rpc(z.object({}).strict()).returns<BackupInfo>(),
  'backup:list': rpc(z.object({}).strict()).returns<BackupInfo[]>(),
  /** Checks the backup and schedules it to replace the database at the next start. */
  'backup:restore': rpc(z.object({ name: z.string().min(1).max(200) }).strict()).returns<{ restartRequired: true }>(),
};

export const appEvents = {
  'settings:onChanged': event<Settings>(),
};
