import fs from 'node:fs';
import path from 'node:path';

let counter = 0;

/** A hidden temporary name beside `file`, unique within and across processes. */
function tempBeside(file: string): string {
  counter = (counter + 1) % 1_000_000;
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${counter}.tmp`);
}

/**
 * Writes `file` through a hidden temporary file beside it and a rename, so readers (and a crash)
 * see the old file or the new one, never half of it. The temporary file is removed when the write
 * fails (a full disk, say), and the error is passed on. With `mkdir`, missing folders are created.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, opts: { mkdir?: boolean } = {}): void {
  if (opts.mkdir) fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The same as `writeFileAtomicSync`, without blocking the thread. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempBeside(file);
  try {
    await fs.promises.writeFile(tmp, data);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
