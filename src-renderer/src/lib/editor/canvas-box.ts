import type { Box, BoxClass, BoxStyle } from '$shared/boxes';

/** A box drawn on the page; `variant` 'ghost' shows boxes that are not part of the edit (e.g. predictions). */
export interface CanvasBox {
  key: number;
  class: BoxClass;
  box: Box;
  style?: BoxStyle | null;
  label?: string | null;
  variant?: 'normal' | 'ghost';
}
