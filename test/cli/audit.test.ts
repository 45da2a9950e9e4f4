import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, SHARED, tmpDir } from '../helpers/tmp';

const F = path.join(SHARED, 'fixtures', 'pdf-audit');
const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CliAudit {
  files: {
    file: string;
    error?: { code: string };
    pages: {
      page: number;
      findings: { kind: string; bbox: number[]; text_length: number; text_sha1: string | null; text?: string }[];
    }[];
  }[];
}

describe('redlab audit (built CLI)', () => {
  it('prints the JSON contract for a folder: files, pages, findings with bbox, length and SHA-1', () => {
    const r = redlab('audit', F, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as CliAudit;
    expect(out.files).toHaveLength(10);
    const yes = out.files.find((f) => f.file.endsWith('rectangles_yes.pdf'));
    const findings = yes?.pages[0]?.findings ?? [];
    expect(findings.map((x) => x.kind)).toEqual(['text_under_box', 'text_under_box', 'text_under_box']);
    expect(findings[0]?.bbox).toEqual([141.23, 232.2, 166.55, 246]);
    expect(findings[0]?.text_sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(r.stdout).not.toContain('medical history');
    const others = out.files.filter((f) => f !== yes).flatMap((f) => f.pages.flatMap((p) => p.findings));
    expect(others.filter((x) => x.text_length > 0)).toEqual([]);
  });

  it('reveals the hidden text only with --reveal', () => {
    const r = redlab('audit', path.join(F, 'rectangles_yes.pdf'), '--json', '--reveal');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as CliAudit;
    expect(out.files[0]?.pages[0]?.findings.map((x) => x.text)).toContain(
      '\u201cYes\u201d, but did not disclose all relevant medical history',
    );
  });

  it('reports a broken file as an error entry and still exits 0 when another file was audited', () => {
    const broken = path.join(tmp.dir, 'broken.pdf');
    fs.writeFileSync(broken, '%PDF-1.7\n% cut short');
    const r = redlab('audit', broken, path.join(F, 'ok_words.pdf'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as CliAudit;
    expect(out.files[0]?.error?.code).toBe('CORRUPT_FILE');
    expect(out.files[0]?.pages).toEqual([]);
    expect(out.files[1]?.error).toBeUndefined();
  });

  it('exits 1 when no file could be audited, and 2 without any input', () => {
    const r = redlab('audit', path.join(tmp.dir, 'missing.pdf'), '--json');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as CliAudit).files[0]?.error?.code).toBe('NOT_FOUND');
    expect(redlab('audit').status).toBe(2);
  });

  it('prints a readable summary without --json', () => {
    const r = redlab('audit', path.join(F, 'rectangles_yes.pdf'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/3 bad redaction\(s\) hiding 64 characters on page\(s\) 1/);
    expect(r.stdout).toMatch(/4 characters hidden \(sha1 [0-9a-f]{40}\)/);
  });
});
