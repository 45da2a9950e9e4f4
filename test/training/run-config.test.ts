import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesDir } from '../../src-main/app/locations';
import { startRunSchema } from '../../src-main/shared/contract/runs';
import { buildRunConfig } from '../../src-main/training/run-config';
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
