import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkpointDir,
  latestValidCheckpoint,
  listCheckpoints,
  readCheckpoint,
  removeTempCheckpoints,
  writeCheckpoint,
  type CheckpointData,
} from '../../../src-main/ml/engine/checkpoint';
import { DEFAULT_TRAIN } from '../../../src-main/ml/engine/train-config';
import { tmpDir } from '../../helpers/tmp';

function data(step: number): CheckpointData {
  return {
    state: {
      version: 1,
      step,
      totalSteps: 10,
      epoch: 0,
      adamT: step,
      lrScale: 1,
      rollbacks: 0,
      microBatch: 8,
      best: null,
      detector: { backbone: 'small', classes: ['redaction'], imageSize: 64 },
      config: { ...DEFAULT_TRAIN, train: [], val: null },
      backend: 'wasm',
      datasetHash: 'h',
      metrics: {},
    },
    weights: Float32Array.from({ length: 17 }, (_, i) => i * step),
    m: Float32Array.from([1, 2, 3]),
    v: Float32Array.from([4, 5, 6]),
  };
}

describe('checkpoints', () => {
  let tmp = tmpDir();
  afterEach(() => {
    tmp.cleanup();
    tmp = tmpDir();
  });

  it('round-trip weights, optimiser moments and state, verified by sha256', () => {
    const { dir, sha256 } = writeCheckpoint(tmp.dir, data(3));
    expect(dir).toBe(checkpointDir(tmp.dir, 3));
    const back = readCheckpoint(dir, sha256);
    expect(Array.from(back.weights)).toEqual(Array.from(data(3).weights));
    expect(Array.from(back.m)).toEqual([1, 2, 3]);
    expect(Array.from(back.v)).toEqual([4, 5, 6]);
    expect(back.state.adamT).toBe(3);
    expect(() => readCheckpoint(dir, 'f'.repeat(64))).toThrow(/record/);
  });

  it('never leave a half-written folder under a checkpoint name', () => {
    writeCheckpoint(tmp.dir, data(1));
    fs.mkdirSync(path.join(tmp.dir, '.tmp-2-123-456'));
    expect(listCheckpoints(tmp.dir).map((c) => c.step)).toEqual([1]);
    removeTempCheckpoints(tmp.dir);
    expect(fs.readdirSync(tmp.dir)).toEqual(['step-0000001']);
  });

  it('detect a corrupt file and fall back to the previous checkpoint', () => {
    const a = writeCheckpoint(tmp.dir, data(2));
    const b = writeCheckpoint(tmp.dir, data(4));
    fs.appendFileSync(path.join(b.dir, 'optim.bin'), Buffer.from([1]));
    expect(() => readCheckpoint(b.dir)).toThrow(/corrupt/);
    const found = latestValidCheckpoint(tmp.dir, [
      { path: a.dir, step: 2, sha256: a.sha256 },
      { path: b.dir, step: 4, sha256: b.sha256 },
    ]);
    expect(found?.data.state.step).toBe(2);
  });

  it('find checkpoints the database never recorded, and skip ones whose record does not match', () => {
    const a = writeCheckpoint(tmp.dir, data(5));
    const b = writeCheckpoint(tmp.dir, data(6));
    expect(latestValidCheckpoint(tmp.dir, [])?.dir).toBe(path.resolve(b.dir));
    const found = latestValidCheckpoint(tmp.dir, [{ path: b.dir, step: 6, sha256: a.sha256 }]);
    expect(found?.data.state.step).toBe(5);
    expect(latestValidCheckpoint(path.join(tmp.dir, 'none'), [])).toBeNull();
  });
});
