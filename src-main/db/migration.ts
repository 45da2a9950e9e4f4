import type { Database } from 'better-sqlite3';

/** One schema step. `version` equals the number in the file name; `up` runs inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
