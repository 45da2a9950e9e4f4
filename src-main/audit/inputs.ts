import fs from 'node:fs';
import path from 'node:path';

export interface InputFile {
  path: string;
  /** The name used in reports: the path as given for files, the path under the folder otherwise. */
  name: string;
}

function walk(dir: string, out: string[], depth: number): void {
  if (depth > 20) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out, depth + 1);
    else if (e.isFile() && e.name.toLowerCase().endsWith('.pdf')) out.push(full);
  }
}

/**
 * Expands the paths a user gave: files are kept as they are (whatever their extension, so a
 * wrong file is reported, not skipped), folders are searched for `*.pdf` recursively.
 */
export function expandInputs(paths: readonly string[]): InputFile[] {
  const out: InputFile[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      out.push({ path: path.resolve(p), name: p });
      continue;
    }
    const found: string[] = [];
    walk(p, found, 0);
    for (const f of found) out.push({ path: path.resolve(f), name: f });
  }
  return out;
}
