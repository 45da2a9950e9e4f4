// Child process for the migration-kill test: opens the database with the app's migrations plus
// two slow test migrations, and is SIGKILLed at a random moment by the parent.
import { openDatabase } from '../../../src-main/db/database';
import { MIGRATIONS } from '../../../src-main/db/migrations';
import { slowMigrations } from './slow-migrations';

const file = process.argv[2];
if (!file) throw new Error('usage: migrate-child DBFILE');
const opened = openDatabase(file, {
  migrations: [...MIGRATIONS, ...slowMigrations(MIGRATIONS.length)],
  onMigrated: (v) => process.stdout.write(`migrated ${v}\n`),
});
opened.db.close();
process.stdout.write('done\n');
