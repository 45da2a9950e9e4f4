import { describe, expect, it } from 'vitest';
import {
  classifyHiddenText,
  isOkWords,
  isRepeatedChar,
  looksLikeDate,
  normalizeText,
} from '../../src-main/audit/text-rules';

describe('hidden-text rules', () => {
  it('collapses whitespace runs and trims the ends', () => {
    expect(normalizeText('  a \n\t b  ')).toBe('a b');
  });

  it('treats whitespace-only and empty text as fine', () => {
    expect(classifyHiddenText('')).toBe('empty');
    expect(classifyHiddenText('    ')).toBe('whitespace');
    expect(classifyHiddenText(' .,; ')).toBe('whitespace');
  });

  it('treats dates, numeric or with month names, as fine', () => {
    for (const d of ['03/09/2010', '3-9-10', '2021-04-16', 'March 3, 2019', '16 Apr 2021', '01/02/2020 03/04/2021']) {
      expect(looksLikeDate(d), d).toBe(true);
      expect(classifyHiddenText(d)).toBe('date');
    }
    expect(looksLikeDate('paid 03/09/2010')).toBe(false);
  });

  it('treats OK words and exemption codes as fine but not when other words come with them', () => {
    expect(isOkWords('Privilege')).toBe(true);
    expect(isOkWords('PRIVILEGED & CONFIDENTIAL')).toBe(true);
    expect(isOkWords('(b)(6) (b)(7)(C)')).toBe(true);
    expect(classifyHiddenText('Redacted')).toBe('ok_word');
    expect(isOkWords('Privileged: John Smith')).toBe(false);
  });

  it('treats placeholders and single stray characters as fine', () => {
    expect(isRepeatedChar('XXXX XXXXX')).toBe(true);
    expect(classifyHiddenText('XXXXXXXX')).toBe('placeholder');
    expect(classifyHiddenText(' 7 ')).toBe('placeholder');
  });

  it('reports real words, names and numbers as leaks', () => {
    expect(classifyHiddenText('\u201cNo\u201d')).toBe('leak');
    expect(classifyHiddenText('Jonathan Q. Miller')).toBe('leak');
    expect(classifyHiddenText('555-0142')).toBe('leak');
  });

  it('ignores text a font could not map to Unicode', () => {
    expect(classifyHiddenText('ab\uFFFDcd')).toBe('unreadable');
  });
});
