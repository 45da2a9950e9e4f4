import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';
import { readCheckpoint } from './engine/checkpoint';
import { readModelFolder, type LoadedModel, type ModelJson } from './model-folder';
import { Detector } from './model/detector';

/**
 * Loads a model from an exported model folder (model.json) or a training checkpoint folder
 * (state.json, verified against its manifest), or from a run folder (its exported model).
 */
export function loadModel(dir: string): LoadedModel {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs)) throw new AppError('NOT_FOUND', `The model folder ${abs} does not exist.`);
  if (fs.existsSync(path.join(abs, 'model.json'))) return readModelFolder(abs);
  if (fs.existsSync(path.join(abs, 'state.json'))) {
    let data;
    try {
      data = readCheckpoint(abs);
    } catch (e) {
      throw new AppError('CORRUPT_FILE', `The checkpoint in ${abs} is damaged (${(e as Error).message}).`);
    }
    const det = new Detector(data.state.detector);
    const meta: ModelJson = {
      format: 'redlab-detector',
      formatVersion: 1,
      weightsManifest: [],
      classes: det.cfg.classes,
      imageSize: det.cfg.imageSize,
      backbone: det.cfg.backbone,
      training: null,
      datasetHash: data.state.datasetHash || null,
      metrics: data.state.metrics,
      backend: data.state.backend || null,
      createdAt: '',
      appVersion: '',
    };
    const specs = det.params.specs;
    return {
      dir: abs,
      config: det.cfg,
      weights: data.weights,
      names: specs.map((s) => s.name),
      shapes: specs.map((s) => s.shape),
      meta,
      verifiers: [],
    };
  }
  throw new AppError('NOT_FOUND', `${abs} holds neither a model (model.json) nor a checkpoint (state.json).`);
}

/** Builds a detector with a loaded model's weights (checks the layout matches). */
export function detectorFor(model: LoadedModel): Detector {
  const det = new Detector(model.config);
  const names = det.params.specs.map((s) => s.name);
  if (names.length !== model.names.length || names.some((n, i) => n !== model.names[i])) {
    det.dispose();
    throw new AppError(
      'INVALID_DATA',
      `The model in ${model.dir} was made by another version of the detector and cannot be loaded.`,
    );
  }
  det.setWeights(model.weights);
  return det;
}
