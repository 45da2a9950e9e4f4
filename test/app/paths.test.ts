import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideDir } from '../../src-main/app/paths';

describe('insideDir', () => {
  it('resolves a relative path inside a folder and refuses one that escapes it', () => {
    expect(insideDir('/data', 'pages/1/0.png')).toBe(path.resolve('/data/pages/1/0.png'));
    expect(insideDir('/data', '../etc/passwd')).toBeNull();
    expect(insideDir('/data', '/etc/passwd')).toBeNull();
    expect(insideDir('/data', '')).toBe(path.resolve('/data'));
  });

  it('accepts paths under the filesystem root when the root itself is the folder', () => {
    const root = path.parse(process.cwd()).root;
    expect(insideDir(root, 'tmp/x/0.png')).toBe(path.resolve(root, 'tmp/x/0.png'));
  });
});
