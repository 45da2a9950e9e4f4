import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../src-main/app/locations';
import { CLI, tmpDir } from '../helpers/tmp';

const tmp = tmpDir('redlab-cli-verifier-');
afterAll(() => tmp.cleanup());
const dataDir = path.join(tmp.dir, 'data');
const shipped = path.join(resourcesDir(), 'models', 'default');

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: number[];
  score: number;
}

describe('redlab train-verifier (built CLI)', () => {
  const train = path.join(tmp.dir, 'train');
  const val = path.join(tmp.dir, 'val');
  const out = path.join(tmp.dir, 'model');
  beforeAll(() => {
    // pages with many boxes and their exemption codes
    for (const [dir, seed] of [
      [train, '11'],
      [val, '12'],
    ] as const)
      expect(
        redlab('synth', '--count', '6', '--seed', seed, '--profile', 'many-small-boxes', '--out', dir).status,
      ).toBe(0);
  }, 300_000);

  it('trains a verifier for the shipped detector and writes a model folder with it', () => {
    const shippedJson = fs.readFileSync(path.join(shipped, 'model.json'), 'utf8');
    const r = redlab(
      'train-verifier',
      ...[
        '--model',
        shipped,
        '--coco',
        path.join(train, 'annotations.json'),
        '--val-coco',
        path.join(val, 'annotations.json'),
      ],
      ...['--epochs', '1', '--out', out, '--json'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = JSON.parse(r.stdout) as {
      examples: number;
      positives: number;
      mix: number;
      metrics: Record<string, number>;
    };
    expect(res.positives).toBeGreaterThan(0);
    expect(res.examples).toBeGreaterThan(res.positives);
    expect([0.25, 0.5, 0.75, 1]).toContain(res.mix);
    expect(res.metrics.detectorAP).toBeGreaterThan(0);
    expect(res.metrics.verifiedAP).toBeGreaterThanOrEqual(res.metrics[`mix${res.mix}AP`]!);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')) as {
      verifiers: { class: string; weights: string; mix: number }[];
    };
    const mine = meta.verifiers.filter((v) => v.class === 'exemption_label');
    expect(mine).toEqual([
      expect.objectContaining({ class: 'exemption_label', weights: 'verifier-exemption_label.bin', mix: res.mix }),
    ]);
    expect(fs.statSync(path.join(out, 'verifier-exemption_label.bin')).size).toBeGreaterThan(100_000);
    // the model it started from is not changed
    expect(fs.readFileSync(path.join(shipped, 'model.json'), 'utf8')).toBe(shippedJson);
  }, 600_000);

  it('rescores exemption codes in inference and leaves the other classes as they were', () => {
    // the same model folder without the verifier just trained (any other verifiers stay)
    const plainDir = path.join(tmp.dir, 'plain');
    fs.cpSync(out, plainDir, { recursive: true });
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'model.json'), 'utf8')) as {
      verifiers: { class: string }[];
    };
    meta.verifiers = meta.verifiers.filter((v) => v.class !== 'exemption_label');
    fs.writeFileSync(path.join(plainDir, 'model.json'), JSON.stringify(meta));
    const run = (model: string, file: string): CocoResult[] => {
      const dets = path.join(tmp.dir, file);
      const args = ['--coco', path.join(val, 'annotations.json'), '--images', path.join(val, 'images')];
      expect(redlab('infer', '--model', model, ...args, '--out', dets).status).toBe(0);
      return JSON.parse(fs.readFileSync(dets, 'utf8')) as CocoResult[];
    };
    const verified = run(out, 'verified.json');
    const plain = run(plainDir, 'plain.json');
    const pick = (d: CocoResult[], c: number) => d.filter((x) => x.category_id === c).map((x) => x.score);
    expect(pick(verified, 1)).toEqual(pick(plain, 1));
    expect(pick(verified, 2)).toEqual(pick(plain, 2));
    const codes = pick(verified, 3);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).not.toEqual(pick(plain, 3));
  }, 600_000);

  it('says what is wrong with its input', () => {
    const noModel = redlab('train-verifier', '--coco', path.join(train, 'annotations.json'));
    expect(noModel.status).not.toBe(0);
    expect(noModel.stderr).toMatch(/--model DIR is required/);
    const noClass = redlab(
      'train-verifier',
      ...['--model', shipped, '--coco', path.join(train, 'annotations.json'), '--class', 'stamp', '--out', out],
    );
    expect(noClass.status).not.toBe(0);
    expect(noClass.stderr).toMatch(/no "stamp" to verify/);
    const notModel = redlab('train-verifier', '--model', train, '--coco', path.join(train, 'annotations.json'));
    expect(notModel.status).not.toBe(0);
    expect(notModel.stderr).toMatch(/has no model\.json/);
  }, 300_000);
});
