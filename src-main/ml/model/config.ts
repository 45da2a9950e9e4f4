/** Backbone sizes: the third lever after image size and data, as in the reference project. */
export const BACKBONES = ['small', 'medium', 'large'] as const;
export type BackboneSize = (typeof BACKBONES)[number];

/** The feature-pyramid strides the head predicts at. */
export const STRIDES = [8, 16, 32] as const;

/** Widths and depths of one detector size. */
export interface Architecture {
  /** Channels of the stride-4 patch stem. */
  stem: number;
  /** Residual 3x3 units at stride 4 (after the stem). */
  stemUnits: number;
  /** Channels at strides 8, 16, 32. */
  widths: [number, number, number];
  /** Residual 3x3 units per stage after its stride-2 convolution. */
  units: [number, number, number];
  /** Feature-pyramid channels. */
  fpn: number;
  /** 3x3 conv-BN-ReLU layers in the shared head tower. */
  tower: number;
}

/**
 * small is sized for a 2-core CPU (~0.7 GFLOP forward at 512 px); medium and large scale up for
 * machines with a native or GPU backend.
 */
export const ARCHITECTURES: Record<BackboneSize, Architecture> = {
  small: { stem: 24, stemUnits: 0, widths: [32, 64, 128], units: [1, 1, 1], fpn: 48, tower: 1 },
  medium: { stem: 32, stemUnits: 0, widths: [48, 96, 192], units: [2, 2, 2], fpn: 64, tower: 2 },
  large: { stem: 32, stemUnits: 1, widths: [64, 128, 256], units: [3, 4, 3], fpn: 96, tower: 3 },
};

/** Everything needed to rebuild a detector (stored in checkpoints and model.json). */
export interface DetectorConfig {
  backbone: BackboneSize;
  /** Class names in output order, e.g. ['redaction', 'content', 'exemption_label']. */
  classes: string[];
  /** Square input side in pixels (a multiple of 32). */
  imageSize: number;
}

/** Scale-assignment ranges on sqrt(box area) in input pixels, per stride (they overlap). */
export const LEVEL_RANGES: Record<(typeof STRIDES)[number], [number, number]> = {
  8: [0, 64],
  16: [32, 128],
  32: [96, Infinity],
};

/** Batch-norm epsilon and running-statistics momentum. */
export const BN_EPS = 1e-3;
export const BN_MOMENTUM = 0.1;

/** Feature-map side of each level for a square input. */
export function levelSizes(imageSize: number): number[] {
  return STRIDES.map((s) => Math.ceil(imageSize / s));
}

/** Total locations over all levels for a square input. */
export function numLocations(imageSize: number): number {
  return levelSizes(imageSize).reduce((a, n) => a + n * n, 0);
}

/** Forward multiply-accumulates per image, for speed reports (convolutions only). */
export function forwardMacs(cfg: DetectorConfig): number {
  const a = ARCHITECTURES[cfg.backbone];
  const s = cfg.imageSize;
  const hw = (stride: number): number => Math.ceil(s / stride) ** 2;
  let macs = hw(4) * a.stem * 48 + a.stemUnits * hw(4) * a.stem * a.stem * 9;
  let cin = a.stem;
  STRIDES.forEach((st, i) => {
    const c = a.widths[i]!;
    macs += hw(st) * c * cin * 9 + a.units[i]! * hw(st) * c * c * 9 + hw(st) * c * a.fpn;
    macs += a.tower * hw(st) * a.fpn * a.fpn * 9 + hw(st) * (cfg.classes.length + 5) * a.fpn * 9;
    cin = c;
  });
  return macs;
}
