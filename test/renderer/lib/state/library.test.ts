import { describe, expect, it } from 'vitest';
import { isAnnotated, LibraryState, pageMatches } from '../../../../src-renderer/src/lib/state/library.svelte';
import type { LibraryDocumentDTO, LibraryPageDTO } from '../../../../src-main/shared/contract/documents';

function page(id: number, over: Partial<LibraryPageDTO> = {}): LibraryPageDTO {
  return {
    id,
    documentId: 1,
    index: id - 1,
    width: 100,
    height: 100,
    dpi: 100,
    hasRedactions: null,
    reviewed: false,
    version: 0,
    boxCount: 0,
    redactionCount: 0,
    image: `pages/${id}/image`,
    thumb: `pages/${id}/thumb`,
    ...over,
  };
}

function doc(
  id: number,
  name: string,
  pages: LibraryPageDTO[],
  over: Partial<LibraryDocumentDTO> = {},
): LibraryDocumentDTO {
  return {
    id,
    name,
    kind: 'pdf',
    pageCount: pages.length,
    synthetic: false,
    bytes: 1,
    sha256: 'x',
    createdAt: '',
    split: null,
    pages,
    ...over,
  };
}

describe('library page filters', () => {
  it('counts a page as annotated when it has boxes or was said to have no redactions', () => {
    expect(isAnnotated(page(1))).toBe(false);
    expect(isAnnotated(page(1, { boxCount: 2 }))).toBe(true);
    expect(isAnnotated(page(1, { hasRedactions: false }))).toBe(true);
    expect(isAnnotated(page(1, { hasRedactions: true }))).toBe(false);
  });

  it('tells pages with redactions from pages said to have none, leaving undecided pages out of both', () => {
    const withBox = page(1, { boxCount: 1, redactionCount: 1 });
    const flagged = page(2, { hasRedactions: true });
    const none = page(3, { hasRedactions: false });
    const undecided = page(4);
    const pick = (f: Parameters<typeof pageMatches>[1]): number[] =>
      [withBox, flagged, none, undecided].filter((p) => pageMatches(p, f)).map((p) => p.id);
    expect(pick('redactions')).toEqual([1, 2]);
    expect(pick('no-redactions')).toEqual([3]);
    expect(pick('todo')).toEqual([2, 4]);
    expect(pick('all')).toEqual([1, 2, 3, 4]);
  });

  it('combines search, split, origin and page filters and drops documents left without pages', () => {
    const s = new LibraryState();
    s.documents = [
      doc(1, 'memo.pdf', [page(1, { redactionCount: 1, boxCount: 1 }), page(2)], { split: 'train' }),
      doc(2, 'Memo scan.png', [page(3)], { split: 'test' }),
      doc(3, 'synth-1', [page(4, { hasRedactions: false })], { synthetic: true }),
    ];
    s.search = 'MEMO';
    expect(s.visible.map((v) => v.doc.id)).toEqual([1, 2]);
    s.splitFilter = 'train';
    expect(s.visible.map((v) => v.pages.map((p) => p.id))).toEqual([[1, 2]]);
    s.pageFilter = 'redactions';
    expect(s.visible.map((v) => v.pages.map((p) => p.id))).toEqual([[1]]);
    s.search = '';
    s.splitFilter = 'unassigned';
    s.pageFilter = 'all';
    s.originFilter = 'synthetic';
    expect(s.visible.map((v) => v.doc.name)).toEqual(['synth-1']);
    s.originFilter = 'real';
    expect(s.visible).toEqual([]);
  });
});
