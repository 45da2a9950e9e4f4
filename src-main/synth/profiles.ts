import type { SynthProfileDTO, SynthSettings } from '../shared/contract/synth';

/** The default mix: every layout, style and shape, moderate ageing. */
export const DEFAULT_SETTINGS: SynthSettings = {
  longSide: 1300,
  pageSizes: { letter: 70, a4: 24, legal: 6 },
  layouts: { memo: 20, letter: 12, email: 15, pleading: 11, form: 14, table: 10, report: 11, cable: 7 },
  styles: { black: 58, grey: 8, 'white-bordered': 18, 'cross-hatched': 4, marker: 12 },
  shapes: { partial: 6, word: 26, span: 24, line: 12, lines: 12, block: 7, cell: 9, free: 3, page: 1 },
  redactedPages: 0.9,
  boxesPerPage: [1, 16],
  smallBoxes: 0.35,
  codeInside: 0.2,
  codeBeside: 0.3,
  negatives: 0.5,
  ageing: 0.55,
  maxRotationDeg: 1.2,
  bilevel: 0.2,
  jpeg: 0.3,
};

function derive(patch: Partial<SynthSettings>): SynthSettings {
  return { ...DEFAULT_SETTINGS, ...patch };
}

/** Built-in profiles: the default mix and mixes aimed at what detectors get wrong. */
export const BUILT_IN_PROFILES: readonly SynthProfileDTO[] = [
  {
    name: 'default',
    title: 'Default mix',
    description: 'Memos, letters, emails, court filings, forms and tables with every redaction style.',
    builtIn: true,
    settings: DEFAULT_SETTINGS,
  },
  {
    name: 'white-boxes-forms',
    title: 'White boxes on forms',
    description: 'FBI/CIA-style forms and tables with many small white boxes with a thin border, codes beside them.',
    builtIn: true,
    settings: derive({
      layouts: { memo: 8, letter: 0, email: 4, pleading: 0, form: 58, table: 30, report: 0, cable: 0 },
      styles: { black: 12, grey: 2, 'white-bordered': 84, 'cross-hatched': 2, marker: 0 },
      shapes: { partial: 4, word: 26, span: 18, line: 6, lines: 4, block: 2, cell: 40, free: 0, page: 0 },
      redactedPages: 1,
      boxesPerPage: [6, 40],
      smallBoxes: 0.7,
      codeBeside: 0.65,
      codeInside: 0.05,
    }),
  },
  {
    name: 'many-small-boxes',
    title: 'Many small boxes',
    description: 'Dense pages where single words and parts of words are redacted, often dozens per page.',
    builtIn: true,
    settings: derive({
      shapes: { partial: 22, word: 52, span: 18, line: 4, lines: 1, block: 0, cell: 3, free: 0, page: 0 },
      redactedPages: 1,
      boxesPerPage: [15, 70],
      smallBoxes: 0.9,
      codeInside: 0.05,
      codeBeside: 0.15,
    }),
  },
  {
    name: 'marker',
    title: 'Marker strokes',
    description: 'Hand-drawn marker redactions with irregular edges and partial coverage.',
    builtIn: true,
    settings: derive({
      layouts: { memo: 26, letter: 16, email: 14, pleading: 8, form: 10, table: 6, report: 10, cable: 10 },
      styles: { black: 10, grey: 0, 'white-bordered': 0, 'cross-hatched': 0, marker: 90 },
      shapes: { partial: 4, word: 30, span: 30, line: 16, lines: 14, block: 4, cell: 2, free: 0, page: 0 },
      redactedPages: 1,
      codeInside: 0,
    }),
  },
  {
    name: 'grey-boxes',
    title: 'Grey and hatched boxes',
    description: 'Dark-grey and cross-hatched redactions next to grey table cells and shaded headers.',
    builtIn: true,
    settings: derive({
      styles: { black: 10, grey: 70, 'white-bordered': 0, 'cross-hatched': 20, marker: 0 },
      redactedPages: 1,
      negatives: 0.8,
    }),
  },
  {
    name: 'negatives-only',
    title: 'Negatives only',
    description: 'No redactions: header bars, grey cells, stamps, photos, rules and scribbles that are not redactions.',
    builtIn: true,
    settings: derive({ redactedPages: 0, boxesPerPage: [0, 0], negatives: 1, codeBeside: 0, codeInside: 0 }),
  },
  {
    name: 'clean',
    title: 'Clean (no ageing)',
    description: 'The default mix rendered without scan ageing or rotation, for checking labels by eye.',
    builtIn: true,
    settings: derive({ ageing: 0, maxRotationDeg: 0, bilevel: 0, jpeg: 0 }),
  },
];

export function builtInProfile(name: string): SynthProfileDTO | undefined {
  return BUILT_IN_PROFILES.find((p) => p.name === name);
}
