import { APP_VERSION } from './version';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';
import { AppError } from '../shared/errors';
import { BackupService } from '../db/backup';

/** Hosts the app may open in the user's browser. Everything else is refused. */
export const EXTERNAL_LINK_HOSTS = ['github.com', 'cocodataset.org', 'free.law', 'www.justice.gov', 'www.foia.gov'];

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && EXTERNAL_LINK_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

export function appHandlers(
  s: Services,
  openExternal: (url: string) => Promise<boolean> = () => Promise.resolve(false),
): HandlersFor<'app' | 'settings' | 'backup'> {
  const backups = new BackupService(s.db, s.paths.backups, s.paths.root);
  return {
    'app:info': () => {
      if (!s.backend.report().probedAt) s.backend.probe().catch(() => undefined);
      return {
        name: 'Redaction Lab',
        version: APP_VERSION,
        dataDir: s.paths.root,
        databasePath: s.paths.database,
        databaseReadOnly: s.database.readOnly,
        databaseMessage: s.database.message,
        sqliteVersion: (s.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
        transport: s.transport === 'electron' ? 'electron' : 'http',
        platform: `${process.platform}-${process.arch}`,
        node: process.versions.node,
        backend: s.backend.report(),
      };
    },
    'app:probeBackend': () => s.backend.probe(true),
    'app:openExternal': async ({ url }) => {
      if (!isAllowedExternal(url)) {
        throw new AppError('FORBIDDEN', `Links to ${url.slice(0, 100)} are not opened from the app.`);
      }
      return { opened: await openExternal(url) };
    },
    'settings:get': () => s.settings.get(),
    'settings:set': (patch) => {
      const before = s.settings.get().mlBackend;
      const next = s.settings.set(patch);
      if (next.mlBackend !== before) s.backend.invalidate();
      return next;
    },
    'backup:create': () => backups.create(),
    'backup:list': () => backups.list(),
    'backup:restore': ({ name }) => backups.scheduleRestore(name),
  };
}

export function jobsHandlers(s: Services): HandlersFor<'jobs'> {
  return {
    'jobs:list': (req) => s.jobs.list(req),
    'jobs:get': ({ id }) => s.jobs.get(id),
    'jobs:cancel': ({ id }) => s.jobs.cancel(id),
    'jobs:startDiagnostics': ({ size }) => s.jobs.start('diagnostics', { size: size ?? 384 }),
  };
}
