import type { LayoutKind } from '../../shared/contract/synth';
import { cable } from './cable';
import type { LayoutSpec } from './common';
import { emailLayout } from './email';
import { form } from './form';
import { letter } from './letter';
import { memo } from './memo';
import { pleading } from './pleading';
import { report } from './report';
import { table } from './table';

/** Every kind of page the generator can lay out. */
export const LAYOUTS: Record<LayoutKind, LayoutSpec> = {
  memo,
  letter,
  email: emailLayout,
  pleading,
  form,
  table,
  report,
  cable,
};
