import type { Migration } from '../../../src-main/db/migration';

export const ROWS = 150_000;

/** Two migrations after the app's own that take long enough to be killed half-way. */
export function slowMigrations(after: number): Migration[] {
  return [
    {
      version: after + 1,
      name: 'slow-fill',
      up(db) {
        db.exec('CREATE TABLE kill_test_a (i INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
        const ins = db.prepare('INSERT INTO kill_test_a (i, payload) VALUES (?, ?)');
        for (let i = 0; i < ROWS; i++) ins.run(i, `row ${i} ${'x'.repeat(40)}`);
      },
    },
    {
      version: after + 2,
      name: 'slow-copy',
      up(db) {
        db.exec('CREATE TABLE kill_test_b AS SELECT i, upper(payload) AS payload FROM kill_test_a');
        db.exec('CREATE INDEX kill_test_b_payload ON kill_test_b(payload)');
      },
    },
  ];
}
