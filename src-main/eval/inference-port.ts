import { AppError } from '../shared/errors';

/** One detection as the ML engine returns it: page pixels `[x0, y0, x1, y1]`. */
export interface DetectedBox {
  class: string;
  box: [number, number, number, number];
  score: number;
}

export interface DetectedImage {
  image: string;
  width: number;
  height: number;
  detections: DetectedBox[];
}

export interface DetectRequest {
  modelDir?: string;
  images: string[];
  threshold?: number;
  batchSize?: number;
}

export interface DetectOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

/** The part of the ML engine's `s.inference` service that evaluation uses. */
export interface InferencePort {
  detect(req: DetectRequest, opts?: DetectOptions): Promise<DetectedImage[]>;
}

/**
 * The ML engine's inference service, found on the services object at run time, so that evaluation
 * builds and runs before that service exists. Throws NOT_IMPLEMENTED while it is missing.
 */
export function inferenceOf(services: object): InferencePort {
  const inf = (services as { inference?: Partial<InferencePort> }).inference;
  if (!inf || typeof inf.detect !== 'function') {
    throw new AppError(
      'NOT_IMPLEMENTED',
      'Running a model is not available in this version yet, so predictions cannot be made here. ' +
        'Evaluate a detections file instead (redlab eval --gt GT.json --dt DETS.json).',
    );
  }
  return inf as InferencePort;
}
