import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, SHARED, tmpDir } from '../helpers/tmp';

const DEFAULT_MODEL = path.join(ROOT, 'resources', 'models', 'default', 'model.json');

const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', path.join(tmp.dir, 'data')], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Fixture {
  ground_truth: unknown;
  detections: unknown;
  stats_names: string[];
  stats: number[];
}

function writeCase(name: string): { gt: string; dt: string; c: Fixture } {
  const c = JSON.parse(fs.readFileSync(path.join(SHARED, 'fixtures', 'coco-eval', name), 'utf8')) as Fixture;
  const gt = path.join(tmp.dir, `${name}.gt.json`);
  const dt = path.join(tmp.dir, `${name}.dt.json`);
  fs.writeFileSync(gt, JSON.stringify(c.ground_truth));
  fs.writeFileSync(dt, JSON.stringify(c.detections));
  return { gt, dt, c };
}

describe('redlab eval (built)', () => {
  it('prints exactly the 12 pycocotools numbers as JSON keys with --json', () => {
    const { gt, dt, c } = writeCase('case004_crowd.json');
    const r = redlab('eval', '--gt', gt, '--dt', dt, '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(out)).toEqual([
      'AP',
      'AP50',
      'AP75',
      'APs',
      'APm',
      'APl',
      'AR1',
      'AR10',
      'AR100',
      'ARs',
      'ARm',
      'ARl',
    ]);
    c.stats_names.forEach((k, i) => expect(Math.abs(out[k]! - c.stats[i]!)).toBeLessThanOrEqual(1e-4));
  });

  it('prints the summarize lines of pycocotools without --json', () => {
    const { gt, dt, c } = writeCase('case011_many.json');
    const r = redlab('eval', '--gt', gt, '--dt', dt);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe(
      ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ${c.stats[0]!.toFixed(3)}`,
    );
    expect(lines[6]).toMatch(
      /^ Average Recall {5}\(AR\) @\[ IoU=0\.50:0\.95 \| area= {3}all \| maxDets= {2}1 \] = \d\.\d{3}$/,
    );
  });

  it('refuses detections on images the ground truth does not have, as pycocotools does', () => {
    const { gt } = writeCase('case000_single.json');
    const dt = path.join(tmp.dir, 'stray.json');
    fs.writeFileSync(dt, JSON.stringify([{ image_id: 99999, category_id: 1, bbox: [0, 0, 5, 5], score: 0.9 }]));
    const r = redlab('eval', '--gt', gt, '--dt', dt);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not in the ground truth \(99999\)/);
  });

  it('explains a missing or broken file and a wrong option mix', () => {
    const a = redlab('eval', '--gt', path.join(tmp.dir, 'nope.json'), '--dt', path.join(tmp.dir, 'nope2.json'));
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/does not exist/);
    const broken = path.join(tmp.dir, 'broken.json');
    fs.writeFileSync(broken, '{"images": [');
    const b = redlab('eval', '--gt', broken, '--dt', broken);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/not valid JSON/);
    const c = redlab('eval', '--gt', broken);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/--gt and --dt go together/);
  });

  it('answers the --model form with a clear error when the folder holds no model', () => {
    const { gt } = writeCase('case000_single.json');
    const empty = fs.mkdtempSync(path.join(tmp.dir, 'no-model-'));
    const r = redlab('eval', '--model', empty, '--coco', gt, '--images', tmp.dir, '--json');
    expect(r.status).toBe(1);
    const err = (JSON.parse(r.stderr.trim()) as { error: { code: string; message: string } }).error;
    // NOT_IMPLEMENTED while no inference service is built in, NOT_FOUND from the ML engine's check
    expect(['NOT_FOUND', 'NOT_IMPLEMENTED']).toContain(err.code);
    expect(err.message).toMatch(/model/i);
  });

  it.skipIf(!fs.existsSync(DEFAULT_MODEL))(
    'runs the shipped model on synthetic pages and evaluates them in one go',
    () => {
      const out = path.join(tmp.dir, 'synth');
      expect(redlab('synth', '--count', '4', '--seed', '11', '--out', out).status).toBe(0);
      const r = redlab(
        'eval',
        '--model',
        path.dirname(DEFAULT_MODEL),
        '--coco',
        path.join(out, 'annotations.json'),
        '--images',
        path.join(out, 'images'),
        '--json',
      );
      expect(r.status, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout) as Record<string, number>;
      expect(Object.keys(o)).toHaveLength(12);
      for (const v of Object.values(o)) expect(v === -1 || (v >= 0 && v <= 1)).toBe(true);
    },
  );
});
