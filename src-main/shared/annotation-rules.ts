/**
 * Limits, vocabularies and small rules of page annotations, shared by the main process and the
 * renderer (pure TS: no node, electron or DOM).
 */

export const BOX_SOURCES = ['manual', 'model', 'synthetic', 'import'] as const;
export type BoxSource = (typeof BOX_SOURCES)[number];

/** The most boxes one page may hold; a save with more is refused. */
export const MAX_BOXES_PER_PAGE = 5000;
/** Longest label text (exemption codes such as "(b)(6)", "(b)(7)(C)"). */
export const MAX_LABEL_LENGTH = 100;
/** Smallest width and height, in page pixels, of a stored box (after clipping to the page). */
export const MIN_BOX_SIZE = 1;

/**
 * The "contains redactions" flag after a change of the boxes, when the user did not set it:
 * any redaction box means `true`; removing the last redaction box of a page whose flag was
 * only implied by its boxes returns it to "not said" (`null`); otherwise it stays.
 */
export function deriveHasRedactions(
  previous: boolean | null,
  previousRedactionCount: number,
  redactionCount: number,
): boolean | null {
  if (redactionCount > 0) return true;
  if (previous === true && previousRedactionCount > 0) return null;
  return previous;
}
