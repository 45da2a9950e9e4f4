import type { ValidationWarningDTO } from '../shared/contract/datasets';
import type { DatasetPage } from './dataset-pages';
import { validatePageBoxes } from './validation';

/** Runs the validation rules over pages and words each warning with the page it is on. */
export function validatePages(pages: readonly DatasetPage[]): ValidationWarningDTO[] {
  const out: ValidationWarningDTO[] = [];
  for (const p of pages) {
    for (const issue of validatePageBoxes(p.width, p.height, p.boxes)) {
      out.push({
        rule: issue.rule,
        pageId: p.pageId,
        documentId: p.documentId,
        documentName: p.documentName,
        pageIndex: p.index,
        annotationIds: issue.annotationIds,
        message: `${p.documentName}, page ${p.index + 1}: ${issue.detail}.`,
      });
    }
  }
  return out;
}
