import path from 'node:path';
import { APP_VERSION } from '../../app/version';
import { writeModelFolder } from '../model-folder';
import type { Detector } from '../model/detector';
import { readCheckpoint, type CheckpointData, type TrainState } from './checkpoint';

/** The training configuration as stored in model.json: no local file paths. */
function publicConfig(state: TrainState): Record<string, unknown> {
  const { train, val, faults: _faults, init, ...rest } = state.config;
  return {
    ...rest,
    // The folder's name only: a model folder shipped elsewhere must not carry local paths.
    init: init ? path.basename(init) : null,
    trainSources: train.map((t) => t.source),
    validation: val !== null,
    steps: state.totalSteps,
  };
}

/**
 * Exports the run's model folder into `outDir`: the best checkpoint's weights when validation
 * picked one, else the last; metrics are that checkpoint's.
 */
export function exportRun(
  outDir: string,
  det: Detector,
  classes: string[],
  state: TrainState,
  bestDir: string | null,
  last: CheckpointData,
): string {
  const chosen = bestDir ? readCheckpoint(bestDir) : last;
  writeModelFolder(outDir, det.params.specs, chosen.weights, {
    classes,
    imageSize: det.cfg.imageSize,
    backbone: det.cfg.backbone,
    training: publicConfig(state),
    datasetHash: state.datasetHash || null,
    metrics: { ...chosen.state.metrics, step: chosen.state.step },
    backend: state.backend || null,
    appVersion: APP_VERSION,
  });
  return outDir;
}
