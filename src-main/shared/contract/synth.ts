// Channels and events of the synth domain. Channel names are `synth:verb`, events `synth:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { rpc } from './define';
import type { JobDTO } from './jobs';
import type { Box, BoxClass, BoxStyle } from '../boxes';

/** Kinds of page the generator lays out. */
export const LAYOUT_KINDS = ['memo', 'letter', 'email', 'pleading', 'form', 'table', 'report', 'cable'] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

/** What a redaction covers: part of a word, a word, a run of words, a line, several lines, a block, a cell, a free area, the page. */
export const REDACTION_SHAPES = ['partial', 'word', 'span', 'line', 'lines', 'block', 'cell', 'free', 'page'] as const;
export type RedactionShape = (typeof REDACTION_SHAPES)[number];

/** Redaction drawing styles; the first five match `BOX_STYLES`. */
export const SYNTH_STYLES = ['black', 'grey', 'white-bordered', 'cross-hatched', 'marker'] as const;

export const PAGE_SIZES = ['letter', 'a4', 'legal'] as const;
export type PageSizeName = (typeof PAGE_SIZES)[number];

const weight = z.number().min(0).max(1000);
const weights = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, weight])) as Record<K, typeof weight>).strict();
const unit = z.number().min(0).max(1);

/** Everything that decides how pages look; together with a seed it fixes every pixel. */
export const synthSettingsSchema = z
  .object({
    /** Long side of the page image in pixels (1300 gives about 118 dpi on Letter). */
    longSide: z.number().int().min(256).max(4096),
    pageSizes: weights(PAGE_SIZES),
    layouts: weights(LAYOUT_KINDS),
    styles: weights(SYNTH_STYLES),
    shapes: weights(REDACTION_SHAPES),
    /** Probability that a page carries any redaction at all. */
    redactedPages: unit,
    /** Target number of redactions on a redacted page, [min, max]. */
    boxesPerPage: z.tuple([z.number().int().min(0).max(200), z.number().int().min(0).max(200)]),
    /** 0: boxes sized like their text; 1: strong preference for short words and small cells. */
    smallBoxes: unit,
    /** Probability that a box large enough shows its exemption code inside, e.g. "(b)(6)". */
    codeInside: unit,
    /** Probability that a box gets its exemption code printed beside it or in the margin. */
    codeBeside: unit,
    /** How many hard negatives (header bars, grey cells, stamps, photos, rules, scribbles): 0..1. */
    negatives: unit,
    /** Strength of scan ageing (blur, noise, speckle, contrast, bleed-through): 0 renders clean pages. */
    ageing: unit,
    /** Largest scan rotation in degrees. */
    maxRotationDeg: z.number().min(0).max(5),
    /** Probability of a black-and-white (thresholded) scan. */
    bilevel: unit,
    /** Probability of JPEG compression artefacts. */
    jpeg: unit,
  })
  .strict();

export type SynthSettings = z.infer<typeof synthSettingsSchema>;

export interface SynthAnnotation {
  class: BoxClass;
  /** Page pixels `[x0, y0, x1, y1]` of the final (aged) image. */
  box: Box;
  style?: BoxStyle;
  /** For a redaction: the code printed inside it. For an exemption label: its text. */
  label?: string;
  shape?: RedactionShape;
}

export interface SynthProfileDTO {
  name: string;
  title: string;
  description: string;
  builtIn: boolean;
  settings: SynthSettings;
}

export interface SynthPreviewPage {
  index: number;
  /** Media path for `api.media(...)`. */
  media: string;
  width: number;
  height: number;
  layout: LayoutKind;
  annotations: SynthAnnotation[];
}

export interface SynthPreviewDTO {
  seed: number;
  pages: SynthPreviewPage[];
}

export interface DatasetRatioDTO {
  datasetId: number;
  name: string;
  realPages: number;
  syntheticPages: number;
}

export interface SynthGenerateResult {
  pages: number;
  boxes: number;
  documentIds: number[];
  dataset: { name: string; split: string } | null;
}

export const profileName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N} _.-]+$/u, 'Use letters, digits, spaces, dots, dashes or underscores.');
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

export const synthChannels = {
  /** Built-in profiles first, then the user's saved ones. */
  'synth:profiles': rpc(z.object({}).strict()).returns<SynthProfileDTO[]>(),
  'synth:saveProfile': rpc(
    z
      .object({ name: profileName, description: z.string().max(500).optional(), settings: synthSettingsSchema })
      .strict(),
  ).returns<SynthProfileDTO>(),
  'synth:deleteProfile': rpc(z.object({ name: profileName }).strict()).returns<{ deleted: boolean }>(),
  /** Generates a few pages now (in a worker) for the preview gallery. */
  'synth:preview': rpc(
    z
      .object({ settings: synthSettingsSchema, seed, count: z.number().int().min(1).max(12), first: seed.optional() })
      .strict(),
  ).returns<SynthPreviewDTO>(),
  /** Starts a generation job that adds the pages to the library (and optionally to a dataset split). */
  'synth:generate': rpc(
    z
      .object({
        settings: synthSettingsSchema,
        seed,
        count: z.number().int().min(1).max(100_000),
        profile: z.string().max(60).optional(),
        dataset: z
          .object({ name: z.string().trim().min(1).max(200), split: z.enum(['train', 'val', 'test']) })
          .strict()
          .optional(),
      })
      .strict(),
  ).returns<JobDTO>(),
  /** Real and synthetic page counts of every dataset. */
  'synth:datasetRatios': rpc(z.object({}).strict()).returns<DatasetRatioDTO[]>(),
};

export const synthEvents = {};
