// Channels and events of the annotations domain. Channel names are `annotations:verb`, events `annotations:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.
import { z } from 'zod';
import { event, rpc } from './define';
import { BOX_STYLES, CLASSES, type Box, type BoxClass, type BoxStyle } from '../boxes';
import { BOX_SOURCES, MAX_BOXES_PER_PAGE, MAX_LABEL_LENGTH, type BoxSource } from '../annotation-rules';

export { BOX_SOURCES, MAX_BOXES_PER_PAGE, MAX_LABEL_LENGTH, type BoxSource };

/** One stored box of a page, in page pixels `[x0, y0, x1, y1]`. */
export interface AnnotationBoxDTO {
  id: number;
  class: BoxClass;
  box: Box;
  style: BoxStyle | null;
  label: string | null;
  source: BoxSource;
  /** Detector score for boxes accepted from a model; null otherwise. */
  score: number | null;
}

/** A box as sent to a save: `id` keeps an existing row (and its id); without it a new row is made. */
export interface AnnotationBoxInput {
  id?: number | null;
  class: BoxClass;
  box: Box;
  style?: BoxStyle | null;
  label?: string | null;
  source?: BoxSource;
  score?: number | null;
}

/** `null`: not said yet; `false`: the user said "page has no redactions"; `true`: contains redactions. */
export type HasRedactions = boolean | null;

export interface PageFlagsDTO {
  hasRedactions: HasRedactions;
  reviewed: boolean;
}

/** Everything the editor needs to show and edit one page. */
export interface AnnotatedPageDTO extends PageFlagsDTO {
  id: number;
  documentId: number;
  documentName: string;
  /** 0-based index of the page in its document. */
  index: number;
  /** Pages in the document. */
  pageCount: number;
  width: number;
  height: number;
  /** Media path of the rendered page image, for `api.media(image)`. */
  image: string;
  thumb: string;
  /** Annotation version of the page: send it back as `baseVersion` when saving. */
  version: number;
  boxes: AnnotationBoxDTO[];
  /** Neighbours in library order (documents by id, pages by index); null at the ends. */
  prevPageId: number | null;
  nextPageId: number | null;
  /** 0-based position of the page among all library pages, and their count. */
  position: number;
  total: number;
}

/** The result of a committed save or flag change. */
export interface PageSavedDTO extends PageFlagsDTO {
  pageId: number;
  version: number;
  /** The stored boxes, in the order they were sent (so the caller can map its boxes to ids). */
  boxes: AnnotationBoxDTO[];
}

/** One row of the page chooser. */
export interface PageSummaryDTO extends PageFlagsDTO {
  id: number;
  documentId: number;
  documentName: string;
  index: number;
  pageCount: number;
  boxCount: number;
  thumb: string;
}

export interface PageChangedEvent extends PageFlagsDTO {
  pageId: number;
  documentId: number;
  version: number;
  boxCount: number;
}

const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const coord = z.number().finite().min(-1e7).max(1e7);

export const boxInputSchema = z
  .object({
    id: id.nullable().optional(),
    class: z.enum(CLASSES),
    box: z.tuple([coord, coord, coord, coord]),
    style: z.enum(BOX_STYLES).nullable().optional(),
    label: z.string().max(MAX_LABEL_LENGTH).nullable().optional(),
    source: z.enum(BOX_SOURCES).optional(),
    score: z.number().finite().min(0).max(1).nullable().optional(),
  })
  .strict();

const flagsSchema = {
  hasRedactions: z.boolean().nullable().optional(),
  reviewed: z.boolean().optional(),
};

export const annotationsChannels = {
  /** One page with its boxes, flags, version and neighbours. */
  'annotations:getPage': rpc(z.object({ pageId: id }).strict()).returns<AnnotatedPageDTO>(),
  /**
   * Replaces the page's boxes (and optionally flags) if the page is still at `baseVersion`;
   * otherwise CONFLICT and nothing changes. One transaction; the version goes up by one.
   */
  'annotations:save': rpc(
    z
      .object({
        pageId: id,
        baseVersion: z.number().int().min(0),
        boxes: z.array(boxInputSchema).max(MAX_BOXES_PER_PAGE),
        ...flagsSchema,
      })
      .strict(),
  ).returns<PageSavedDTO>(),
  /** Sets "contains redactions" / "page has no redactions" and "reviewed", version-checked like a save. */
  'annotations:setPageFlags': rpc(
    z.object({ pageId: id, baseVersion: z.number().int().min(0), ...flagsSchema }).strict(),
  ).returns<PageSavedDTO>(),
  /** Pages in library order for the page chooser. */
  'annotations:listPages': rpc(
    z
      .object({
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        /** 'todo': pages neither reviewed nor with boxes nor marked as having none. */
        filter: z.enum(['all', 'todo']).optional(),
      })
      .strict(),
  ).returns<{ total: number; pages: PageSummaryDTO[] }>(),
};

export const annotationsEvents = {
  /** After every committed change of a page's boxes or flags, from any window or tab. */
  'annotations:onPageChanged': event<PageChangedEvent>(),
};
