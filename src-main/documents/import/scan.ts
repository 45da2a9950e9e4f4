import fs from 'node:fs';
import path from 'node:path';
import { hasDocumentExtension } from './sniff';

/** A file to import and the path to report it under. */
export interface FoundFile {
  file: string;
  /** As given on the command line / in the request, or as found in a folder. */
  shown: string;
}

export interface ScanResult {
  files: FoundFile[];
  /** Paths that could not be read, and folders' files that are not documents. */
  problems: { file: string; reason: 'missing' | 'unreadable' | 'not-a-document' }[];
}

/**
 * Expands files and folders (recursively, in name order, without following symbolic links to
 * folders). Files given by name are always tried (their content decides); files found in a folder
 * are taken when their extension is a document's, and the others are reported as skipped. Hidden
 * files (".name") in folders are ignored.
 */
export function scanPaths(inputs: readonly string[], maxFiles = 100_000): ScanResult {
  const out: ScanResult = { files: [], problems: [] };
  const seen = new Set<string>();
  const add = (file: string, shown: string): void => {
    const key = path.resolve(file);
    if (seen.has(key) || out.files.length >= maxFiles) return;
    seen.add(key);
    out.files.push({ file: key, shown });
  };
  const walk = (dir: string, shown: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      out.problems.push({ file: shown, reason: 'unreadable' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const shownChild = path.join(shown, e.name);
      if (e.isDirectory()) {
        if (depth < 32) walk(full, shownChild, depth + 1);
      } else if (e.isFile() || e.isSymbolicLink()) {
        if (hasDocumentExtension(e.name)) add(full, shownChild);
        else out.problems.push({ file: shownChild, reason: 'not-a-document' });
      }
    }
  };
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch {
      out.problems.push({ file: input, reason: 'missing' });
      continue;
    }
    if (st.isDirectory()) walk(input, input, 0);
    else add(input, input);
  }
  return out;
}
