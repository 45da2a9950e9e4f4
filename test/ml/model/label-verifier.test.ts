import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../../../src-main/ml/backend';
import {
  predictExamples,
  rankingAP,
  trainVerifier,
  type VerifierExamples,
} from '../../../src-main/ml/engine/verifier-train';
import { readModelFolder, writeVerifier } from '../../../src-main/ml/model-folder';
import { LabelVerifier, verifyDetections } from '../../../src-main/ml/model/label-verifier';
import type { InkImage } from '../../../src-main/ml/model/snap';
import { CROP_H, CROP_W, verifierCrop, verifierSize, verifiedScore } from '../../../src-main/ml/model/verifier-spec';
import { writeTestModel } from '../../helpers/model';
import { tf } from '../../../src-main/ml/tf';
import { tmpDir } from '../../helpers/tmp';

const CLASSES = ['redaction', 'content', 'exemption_label'];

/** A white grey image with black rectangles [x0, y0, x1, y1]. */
function page(w: number, h: number, rects: number[][]): InkImage {
  const data = new Uint8Array(w * h).fill(255);
  for (const [x0, y0, x1, y1] of rects)
    for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) data[y * w + x] = 0;
  return { data, width: w, height: h, channels: 1 };
}

const at = (crop: Float32Array, r: number, c: number): number => crop[r * CROP_W + c]!;

/**
 * Crops of two kinds: "codes" with three short vertical strokes, "others" with one long
 * horizontal stroke, both at random places and with noise.
 */
function strokeExamples(n: number, seed: number): VerifierExamples {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) / 2 ** 24;
  const px = CROP_H * CROP_W;
  const crops = new Uint8Array(n * px);
  const targets = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const code = k % 2 === 0;
    targets[k] = code ? 1 : 0;
    const x0 = 20 + Math.floor(rnd() * 60);
    const y0 = 4 + Math.floor(rnd() * 4);
    const set = (r: number, c: number, w: number, h: number): void => {
      for (let y = r; y < r + h; y++) crops.fill(230, k * px + y * CROP_W + c, k * px + y * CROP_W + c + w);
    };
    if (code) for (let i = 0; i < 3; i++) set(y0, x0 + i * 8, 2, 12);
    else set(y0 + 6, x0, 30, 2);
    for (let q = 0; q < px; q++) if (rnd() < 0.03) crops[k * px + q] = Math.floor(rnd() * 120);
  }
  return { crops, targets, scores: new Float32Array(n).fill(0.5), count: n };
}

describe('the exemption-code verifier', () => {
  const tmp = tmpDir('redlab-verifier-');
  beforeAll(async () => {
    await loadBackend('wasm');
  });
  afterAll(() => tmp.cleanup());

  it('crops a box with a margin, its height filling the rows and ink as 1', () => {
    // a 20 px tall glyph block from x 100 to 140
    const img = page(400, 200, [[100, 50, 140, 70]]);
    const crop = verifierCrop(img, [100, 50, 140, 70]);
    // window: 0.3 h above and below => the block spans rows 24 * 6/32 .. 24 * 26/32
    expect(at(crop, 12, CROP_W / 2)).toBeCloseTo(1, 5);
    expect(at(crop, 1, CROP_W / 2)).toBe(0);
    expect(at(crop, 22, CROP_W / 2)).toBe(0);
    // a short box is centred: columns far left and right are padding
    expect(at(crop, 12, 0)).toBe(0);
    expect(at(crop, 12, CROP_W - 1)).toBe(0);
    // ink columns: (40 + 2 * 12) px wide window at 24/32 px per px = 48 columns, block 30 of them
    let inked = 0;
    for (let c = 0; c < CROP_W; c++) if (at(crop, 12, c) > 0.5) inked++;
    expect(inked).toBeGreaterThanOrEqual(29);
    expect(inked).toBeLessThanOrEqual(31);
  });

  it('squeezes a long box into its columns and reads RGB as the mean of the channels', () => {
    const grey = page(600, 100, [[10, 40, 590, 50]]);
    const rgb = new Uint8Array(600 * 100 * 3);
    grey.data.forEach((v, i) => rgb.fill(v, 3 * i, 3 * i + 3));
    for (let i = 0; i < 600 * 100; i++) rgb[3 * i] = 255; // red channel white: ink 2/3
    const crop = verifierCrop({ data: rgb, width: 600, height: 100, channels: 3 }, [10, 40, 590, 50]);
    // the whole width is used: ink at the first and last columns of the box
    expect(at(crop, 12, 1)).toBeCloseTo(2 / 3, 2);
    expect(at(crop, 12, CROP_W - 2)).toBeCloseTo(2 / 3, 2);
    expect(at(crop, 2, 60)).toBe(0);
  });

  it('ranks by average precision and rescores as score^(1-a) * p^a', () => {
    expect(rankingAP([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2, 10);
    expect(rankingAP([0.1, 0.8, 0.7], [1, 0, 1])).toBeCloseTo((1 / 2 + 2 / 3) / 2, 10);
    expect(verifiedScore(0.64, 0.25, 0.5)).toBeCloseTo(0.4, 10);
    expect(verifiedScore(0.64, 0.25, 0)).toBeCloseTo(0.64, 10);
    expect(verifiedScore(0.64, 0.25, 1)).toBeCloseTo(0.25, 10);
  });

  it('learns to tell two kinds of crops apart and leaves no tensor behind', () => {
    const train = strokeExamples(600, 1);
    const held = strokeExamples(200, 2);
    const before = tf.memory().numTensors;
    const net = trainVerifier(train, { epochs: 3, batchSize: 32, lr: 0.003, seed: 1 });
    const p = predictExamples(net, held);
    expect(rankingAP(p, held.targets)).toBeGreaterThan(0.97);
    const codes = Array.from(p).filter((_, i) => held.targets[i]);
    const others = Array.from(p).filter((_, i) => !held.targets[i]);
    expect(codes.reduce((a, b) => a + b, 0) / codes.length).toBeGreaterThan(0.8);
    expect(others.reduce((a, b) => a + b, 0) / others.length).toBeLessThan(0.2);
    const w = net.weights();
    expect(w.length).toBe(verifierSize());
    // the same weights give the same probabilities
    const again = new LabelVerifier(w);
    expect(Array.from(predictExamples(again, held).subarray(0, 20))).toEqual(Array.from(p.subarray(0, 20)));
    net.dispose();
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails with a message when training blows up in its first epoch', () => {
    const before = tf.memory().numTensors;
    expect(() => trainVerifier(strokeExamples(64, 3), { epochs: 2, batchSize: 16, lr: 1e6, seed: 1 })).toThrow(
      /loss became .* in its first epoch; try a lower learning rate/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rescores only its class and, pruning, drops a piece of a code inside a better one', () => {
    // weights giving p = 0.25 everywhere: all zero, the output bias logit(0.25)
    const w = new Float32Array(verifierSize());
    w[w.length - 1] = Math.log(0.25 / 0.75);
    const net = new LabelVerifier(w);
    const img = page(300, 300, [[50, 50, 80, 62]]);
    type Box = [number, number, number, number];
    const code = { cls: 2, score: 0.64, box: [50, 50, 120, 62] as Box };
    const piece = { cls: 2, score: 0.5, box: [50, 50, 80, 62] as Box };
    const apart = { cls: 2, score: 0.3, box: [200, 50, 240, 62] as Box };
    const bar = { cls: 0, score: 0.9, box: [10, 10, 100, 20] as Box };
    const out = verifyDetections([piece, bar, apart, code], { net, cls: 2, mix: 0.5, image: img, prune: 0.5 });
    expect(out.find((d) => d.cls === 0)).toEqual(bar);
    const codes = out.filter((d) => d.cls === 2);
    expect(codes.map((d) => d.box)).toEqual([code.box, apart.box]);
    expect(codes[0]!.score).toBeCloseTo(0.4, 5);
    expect(codes[1]!.score).toBeCloseTo(Math.sqrt(0.3 * 0.25), 5);
    // without the better box, or without pruning, the piece stays
    expect(verifyDetections([piece], { net, cls: 2, mix: 0.5, image: img, prune: 0.5 })).toHaveLength(1);
    expect(verifyDetections([piece, code], { net, cls: 2, mix: 0.5, image: img })).toHaveLength(2);
    net.dispose();
  });

  it('is stored in the model folder and read back; a wrong size or outside path is refused', () => {
    const dir = path.join(tmp.dir, 'model');
    writeTestModel(dir, { classes: CLASSES, imageSize: 96, seed: 1 });
    expect(readModelFolder(dir).verifiers).toEqual([]);
    const w = Float32Array.from({ length: verifierSize() }, (_, i) => i / 1e5);
    writeVerifier(dir, w, { class: 'exemption_label', mix: 0.75, metrics: { verifiedAP: 0.9 }, training: {} });
    const w2 = w.map((x) => -x);
    writeVerifier(dir, w2, { class: 'redaction', mix: 0.5, metrics: {}, training: {} });
    // a second one for a class replaces the first
    writeVerifier(dir, w2, { class: 'exemption_label', mix: 0.25, metrics: {}, training: {} });
    writeVerifier(dir, w, { class: 'exemption_label', mix: 0.75, metrics: { verifiedAP: 0.9 }, training: {} });
    const m = readModelFolder(dir);
    expect(m.verifiers.map((v) => [v.cls, v.mix])).toEqual([
      ['redaction', 0.5],
      ['exemption_label', 0.75],
    ]);
    expect(Array.from(m.verifiers[1]!.weights)).toEqual(Array.from(w));
    expect(Array.from(m.verifiers[0]!.weights)).toEqual(Array.from(w2));
    expect(m.meta.verifiers![1]!.metrics.verifiedAP).toBe(0.9);
    expect(m.meta.verifiers!.map((v) => v.weights)).toEqual(['verifier-redaction.bin', 'verifier-exemption_label.bin']);
    // the detector weights are untouched
    expect(m.weights.length).toBe(readModelFolder(dir).weights.length);

    fs.writeFileSync(path.join(dir, 'verifier-redaction.bin'), Buffer.alloc(400));
    expect(() => readModelFolder(dir)).toThrow(/redaction verifier holds 100 values/);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      verifiers: { weights: string; class: string }[];
    };
    meta.verifiers = meta.verifiers.slice(1);
    meta.verifiers[0]!.weights = '../outside.bin';
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(meta));
    expect(() => readModelFolder(dir)).toThrow(/outside its folder/);
    meta.verifiers[0]!.weights = 'verifier-exemption_label.bin';
    meta.verifiers[0]!.class = 'stamp';
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(meta));
    expect(() => readModelFolder(dir)).toThrow(/checks "stamp"/);
  });
});
