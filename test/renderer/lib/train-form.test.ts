import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  formFromDraft,
  formProblems,
  ratioText,
  sizeChangeNote,
  startRequest,
} from '../../../src-renderer/src/lib/train-form';
import { parseAxes } from '../../../src-renderer/src/lib/sweep-axes';

const mix = (train: number) => ({
  datasetId: 1,
  splits: { train: { real: train, synthetic: 0 }, val: { real: 1, synthetic: 0 }, test: { real: 0, synthetic: 0 } },
});

describe('Train form', () => {
  it('turns valid settings into a start request (the share only when fixed)', () => {
    const f = { ...DEFAULT_FORM, datasetId: 3, name: '  b16 ', batchSize: 16 };
    expect(formProblems(f, mix(10))).toEqual([]);
    expect(startRequest(f)).toMatchObject({ name: 'b16', datasetId: 3, batchSize: 16, imageSize: 512 });
    expect(startRequest(f)).not.toHaveProperty('syntheticShare');
    expect(startRequest({ ...f, useShare: true, syntheticShare: 0.3 }).syntheticShare).toBe(0.3);
  });

  it('says in sentences what stops a run from starting', () => {
    const f = { ...DEFAULT_FORM, datasetId: null, imageSize: 500, epochs: 0, lr: 0, weights: 'default' };
    const missing = 'The default model is not installed.';
    const p = formProblems(f, mix(0), [
      {
        key: 'default',
        label: 'The default model',
        init: 'default',
        backbone: null,
        imageSize: null,
        available: false,
        reason: missing,
      },
    ]);
    expect(p).toContain('Choose a dataset to train on.');
    expect(p).toContain('The image size must be a multiple of 32 from 128 to 2048.');
    expect(p.some((x) => x.startsWith('The number of epochs'))).toBe(true);
    expect(p.some((x) => x.startsWith('The learning rate'))).toBe(true);
    expect(p.some((x) => x.includes('no pages in its train split'))).toBe(true);
    expect(p).toContain(missing);
  });

  it("starts from an earlier run's model only with the same backbone, passing its folder as init", () => {
    const runModel = {
      key: 'run:4',
      label: 'Run 4: b8',
      init: '/data/runs/4',
      backbone: 'medium' as const,
      imageSize: 512,
      available: true,
      reason: null,
    };
    const f = { ...DEFAULT_FORM, datasetId: 1, weights: 'run:4' };
    expect(formProblems(f, mix(5), [runModel])).toEqual([
      'Run 4: b8 has a medium backbone: choose the medium backbone to start from it.',
    ]);
    const ok = { ...f, backbone: 'medium' as const };
    expect(formProblems(ok, mix(5), [runModel])).toEqual([]);
    expect(startRequest(ok, [runModel]).init).toBe('/data/runs/4');
    expect(startRequest({ ...ok, weights: 'scratch' }, [runModel]).init).toBe('none');
  });

  it('says when a fine-tuning run would change the image size the model learned at', () => {
    const def = {
      key: 'default',
      label: 'The default model (small, 1024 px)',
      init: 'default',
      backbone: 'small' as const,
      imageSize: 1024,
      available: true,
      reason: null,
    };
    const f = { ...DEFAULT_FORM, datasetId: 1, weights: 'default', imageSize: 512 };
    expect(sizeChangeNote(f, [def])).toMatch(/^That model was trained at 1024 px: at 512 px .* 2\.0× smaller/);
    expect(sizeChangeNote({ ...f, imageSize: 1024 }, [def])).toBeNull();
    expect(sizeChangeNote({ ...f, imageSize: 128 }, [{ ...def, imageSize: 256 }])).toMatch(/2\.0× smaller/);
    expect(sizeChangeNote({ ...f, imageSize: 768 }, [{ ...def, imageSize: 512 }])).toMatch(/1\.5× larger/);
    expect(sizeChangeNote({ ...f, weights: 'scratch' }, [def])).toBeNull();
  });

  it('fills the form from an earlier run to duplicate it', () => {
    const f = formFromDraft({
      name: 'x (copy)',
      datasetId: 2,
      backbone: 'medium',
      imageSize: 640,
      batchSize: 4,
      epochs: 3,
      lr: 0.001,
      weightDecay: 0.1,
      schedule: 'step',
      seed: 9,
      augment: false,
      syntheticShare: 0.25,
      weights: 'run:4',
      note: null,
    });
    expect(f).toMatchObject({
      backbone: 'medium',
      imageSize: 640,
      useShare: true,
      syntheticShare: 0.25,
      weights: 'run:4',
    });
  });

  it('writes a split ratio for people', () => {
    expect(ratioText(0, 0)).toBe('no pages');
    expect(ratioText(30, 10)).toBe('30 real : 10 synthetic (3.0 : 1)');
    expect(ratioText(10, 40)).toBe('10 real : 40 synthetic (1 : 4.0)');
  });
});

describe('sweep axes as typed', () => {
  it('parses comma lists into axes and counts the runs', () => {
    const r = parseAxes({ imageSize: '384, 512', batchSize: '8 16 32', backbone: '', syntheticShare: '0%, 50%' });
    expect(r.problems).toEqual([]);
    expect(r.axes).toEqual({ imageSize: [384, 512], batchSize: [8, 16, 32], syntheticShare: [0, 0.5] });
    expect(r.cells).toBe(12);
  });

  it('names wrong values and refuses an empty or oversized grid', () => {
    expect(parseAxes({ imageSize: '500', batchSize: '', backbone: 'huge', syntheticShare: '' }).problems).toEqual([
      'Image sizes: multiples of 32 from 128 to 2048.',
      'Backbones: small, medium or large.',
    ]);
    expect(parseAxes({ imageSize: '', batchSize: '', backbone: '', syntheticShare: '' }).problems).toEqual([
      'Give values for at least one axis.',
    ]);
    const big = parseAxes({
      imageSize: '128,160,192,224,256',
      batchSize: '1,2,3,4',
      backbone: 'small,medium,large',
      syntheticShare: '',
    });
    expect(big.problems).toEqual([]);
    expect(big.cells).toBe(60);
    const bigger = parseAxes({
      imageSize: '128,160,192,224,256,288',
      batchSize: '1,2,3,4',
      backbone: 'small,medium,large',
      syntheticShare: '',
    });
    expect(bigger.problems).toEqual(['That is 72 runs; a sweep holds at most 64.']);
  });
});
