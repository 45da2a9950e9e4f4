import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src-main/app/atomic-file';
import { tmpDir } from '../helpers/tmp';

describe('atomic file writes', () => {
  const tmp = tmpDir('redlab-atomic-');
  afterAll(() => tmp.cleanup());

  it('replaces a file whole and leaves no temporary file behind', async () => {
    const file = path.join(tmp.dir, 'a', 'report.json');
    expect(() => writeFileAtomicSync(file, 'x')).toThrow(/ENOENT/);
    writeFileAtomicSync(file, 'first', { mkdir: true });
    writeFileAtomicSync(file, new Uint8Array([115, 101, 99]));
    expect(fs.readFileSync(file, 'utf8')).toBe('sec');
    await writeFileAtomic(file, 'third');
    expect(fs.readFileSync(file, 'utf8')).toBe('third');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['report.json']);
  });

  it('removes its temporary file when the rename fails and keeps what was there', async () => {
    const dir = path.join(tmp.dir, 'b');
    const taken = path.join(dir, 'taken');
    fs.mkdirSync(path.join(taken, 'inside'), { recursive: true });
    expect(() => writeFileAtomicSync(taken, 'data')).toThrow();
    await expect(writeFileAtomic(taken, 'data')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readdirSync(taken)).toEqual(['inside']);
  });
});
