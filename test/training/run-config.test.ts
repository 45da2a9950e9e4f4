import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../src-main/app/locations';
import { startRunSchema } from '../../src-main/shared/contract/runs';
import { buildRunConfig, initSizeNote } from '../../src-main/training/run-config';
import { tmpDir } from '../helpers/tmp';
import { drawPages } from '../ml/draw-pages';

describe('run configuration', () => {
  const tmp = tmpDir();
  afterAll(() => tmp.cleanup());
  const set = drawPages(path.join(tmp.dir, 'pages'), 2, 1);
  const build = (extra: object) =>
    buildRunConfig(
      startRunSchema.parse({
        train: [{ coco: set.coco, images: set.images }],
        imageSize: 128,
        batchSize: 2,
        epochs: 1,
        ...extra,
      }),
      path.join(tmp.dir, 'run'),
      null,
    );
  const shipped = path.join(resourcesDir(), 'models', 'default');

  it('fine-tunes the shipped model unless told otherwise, when the backbone matches', () => {
    expect(build({}).config.init).toBe(shipped);
    expect(build({ init: 'none' }).config.init).toBeNull();
    expect(build({ backbone: 'medium' }).config.init).toBeNull();
    expect(build({ init: 'default', backbone: 'medium' }).config.init).toBe(shipped);
    expect(build({ init: 'some/model' }).config.init).toBe(path.resolve('some/model'));
  });

  it('warns when a run fine-tunes a model at another image size than it was trained at', () => {
    const model = path.join(tmp.dir, 'model-768');
    fs.mkdirSync(model, { recursive: true });
    fs.writeFileSync(path.join(model, 'model.json'), JSON.stringify({ imageSize: 768, backbone: 'small' }));
    expect(initSizeNote(model, 384)).toBe(
      'The starting model was trained at 768 px: at 384 px pages and boxes look 2.0× smaller than it learned, ' +
        'so it needs more epochs to adapt. Train at 768 px to keep what it knows.',
    );
    expect(initSizeNote(model, 1024)).toMatch(/look 1\.3× larger/);
    expect(initSizeNote(model, 768)).toBeNull();
    expect(initSizeNote(null, 384)).toBeNull();
    expect(initSizeNote(path.join(tmp.dir, 'no-model'), 384)).toBeNull();
    const shippedSize = (JSON.parse(fs.readFileSync(path.join(shipped, 'model.json'), 'utf8')) as { imageSize: number })
      .imageSize;
    expect(initSizeNote(shipped, shippedSize)).toBeNull();
    expect(initSizeNote(build({}).config.init, 128)).toMatch(/^The default model was trained at /);
  });

  it('fills in defaults and versions the data by its annotation files', () => {
    const { config, datasetHash } = build({ lr: 0.01, augment: false });
    expect(config).toMatchObject({
      backbone: 'small',
      imageSize: 128,
      lr: 0.01,
      schedule: 'cosine',
      seed: 1,
      val: null,
    });
    expect(config.augment.enabled).toBe(false);
    expect(config.train).toEqual([{ coco: set.coco, images: set.images, source: 'real' }]);
    expect(datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(build({}).datasetHash).toBe(datasetHash);
  });

  it('asks for data when neither a dataset nor COCO files are given', () => {
    const req = startRunSchema.parse({ imageSize: 128, batchSize: 2, epochs: 1 });
    expect(() => buildRunConfig(req, tmp.dir, null)).toThrow(/what to train on/);
  });
});
