import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src-main/ml/tf';
import { loadBackend } from '../../../src-main/ml/backend';
import { assignTargets } from '../../../src-main/ml/model/assign';
import { disposeTargets, imagesToTensor, targetsToTensors } from '../../../src-main/ml/model/batch';
import { BACKBONES, forwardMacs, levelSizes } from '../../../src-main/ml/model/config';
import { Detector } from '../../../src-main/ml/model/detector';
import { makeCtx } from '../../../src-main/ml/model/layers';

const CLASSES = ['redaction', 'content', 'exemption_label'];

function randomImages(n: number, size: number, seed: number): Uint8Array[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    const a = new Uint8Array(size * size * 3);
    for (let i = 0; i < a.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      a[i] = s >>> 24;
    }
    return a;
  });
}

describe('the detector', () => {
  beforeAll(async () => {
    await loadBackend('wasm');
  });

  it.each([
    ['wasm', 8],
    ['wasm', 5],
    ['cpu', 8],
  ] as const)('turns RGB bytes into inputs in [-1, 1] on the %s backend (%i px)', async (be, size) => {
    await loadBackend(be);
    try {
      const images = randomImages(2, size, 3);
      const before = tf.memory().numTensors;
      const x = imagesToTensor(images, size);
      expect(x.shape).toEqual([2, size, size, 3]);
      const v = x.dataSync();
      const per = size * size * 3;
      images.forEach((img, n) => img.forEach((b, i) => expect(v[n * per + i]).toBeCloseTo(b / 127.5 - 1, 6)));
      x.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(() => imagesToTensor([new Uint8Array(5)], size)).toThrow(new RegExp(`expected ${per}`));
    } finally {
      await loadBackend('wasm');
    }
  });

  it('outputs C logits, a quality logit and 4 box values at strides 8, 16 and 32', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 160 });
    det.initialise(1);
    const x = imagesToTensor(randomImages(2, 160, 1), 160);
    const levels = det.forward(makeCtx(det.params, false), x);
    expect(levels.map((l) => l.shape)).toEqual(levelSizes(160).map((n) => [2, n, n, CLASSES.length + 5]));
    expect(levelSizes(160)).toEqual([20, 10, 5]);
    tf.dispose([x, ...levels]);
    det.dispose();
  });

  it('has a finite loss dict and leaves no tensor behind after a training step', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 128 });
    det.initialise(2);
    const x = imagesToTensor(randomImages(2, 128, 2), 128);
    const gts = [
      [{ box: [10, 20, 110, 24] as [number, number, number, number], cls: 0 }],
      [
        { box: [0, 0, 128, 128] as [number, number, number, number], cls: 1 },
        { box: [40, 40, 60, 48] as [number, number, number, number], cls: 2 },
      ],
    ];
    const t = targetsToTensors(
      gts.map((g) => assignTargets(g, det.loc)),
      CLASSES.length,
      det.loc,
    );
    det.trainStep(x, t); // creates the location constants once
    const before = tf.memory().numTensors;
    const r = det.trainStep(x, t);
    expect(tf.memory().numTensors).toBe(before);
    for (const k of ['cls', 'box', 'quality', 'total']) expect(Number.isFinite(r.losses[k])).toBe(true);
    expect(r.losses.total).toBeCloseTo(r.losses.cls! + r.losses.box! + r.losses.quality!, 4);
    expect(r.grads.length).toBe(det.params.size((s) => s.trainable));
    expect(r.grads.some((g) => g !== 0)).toBe(true);
    expect(r.grads.every((g) => Number.isFinite(g))).toBe(true);
    const l = det.losses(x, t);
    expect(Number.isFinite(l.total)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    disposeTargets(t);
    det.dispose();
  });

  it('computes a validation loss before any training step and trains afterwards (cached constants survive)', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 64 });
    det.initialise(5);
    const x = imagesToTensor(randomImages(2, 64, 5), 64);
    const t = targetsToTensors(
      [0, 1].map(() => assignTargets([{ box: [5, 5, 50, 12], cls: 0 }], det.loc)),
      CLASSES.length,
      det.loc,
    );
    const before = det.losses(x, t);
    expect(Number.isFinite(before.total)).toBe(true);
    expect(Number.isFinite(det.trainStep(x, t).losses.total)).toBe(true);
    tf.dispose(x);
    disposeTargets(t);
    det.dispose();
  });

  it('leaves no tensor behind after inference', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 96 });
    det.initialise(3);
    const x = imagesToTensor(randomImages(3, 96, 3), 96);
    det.predict(x); // folds batch norm once
    const before = tf.memory().numTensors;
    const out = det.predict(x);
    expect(tf.memory().numTensors).toBe(before);
    expect(out).toHaveLength(3);
    expect(out[0]!.length).toBe(det.loc.count * (CLASSES.length + 5));
    tf.dispose(x);
    det.dispose();
  });

  it('predicts with batch norm folded exactly as the unfolded network does', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 64 });
    det.initialise(4);
    const x = imagesToTensor(randomImages(1, 64, 4), 64);
    const folded = det.predict(x)[0]!;
    const plain = tf.tidy(() => det.forward(makeCtx(det.params, false), x).map((l) => l.dataSync()));
    const flat = new Float32Array(folded.length);
    let off = 0;
    for (const p of plain) {
      flat.set(p, off);
      off += p.length;
    }
    let d = 0;
    for (let i = 0; i < flat.length; i++) d = Math.max(d, Math.abs(flat[i]! - folded[i]!));
    expect(d).toBeLessThan(1e-3);
    tf.dispose(x);
    det.dispose();
  });

  it('starts from the same weights for the same seed and different ones for another seed', () => {
    const a = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 64 });
    const w1 = a.initialWeights(7);
    const w2 = a.initialWeights(7);
    const w3 = a.initialWeights(8);
    expect(Buffer.from(w1.buffer).equals(Buffer.from(w2.buffer))).toBe(true);
    expect(Buffer.from(w1.buffer).equals(Buffer.from(w3.buffer))).toBe(false);
  });

  it('grows from small to large, small staying near 1 GFLOP per 512 px page', () => {
    const sizes = BACKBONES.map((b) => {
      const d = new Detector({ backbone: b, classes: CLASSES, imageSize: 512 });
      return { params: d.params.size(), gflop: (2 * forwardMacs(d.cfg)) / 1e9 };
    });
    expect(sizes[0]!.gflop).toBeGreaterThan(0.4);
    expect(sizes[0]!.gflop).toBeLessThan(1.2);
    expect(sizes[1]!.gflop).toBeGreaterThan(sizes[0]!.gflop);
    expect(sizes[2]!.gflop).toBeGreaterThan(sizes[1]!.gflop);
    expect(sizes[2]!.params).toBeGreaterThan(sizes[1]!.params);
  });
});
