/**
 * Which text found under a redaction counts as a leak. Mirrors the cases Free Law Project's
 * x-ray treats as fine (whitespace, placeholders such as XXXX, a single stray character, dates,
 * words like "Privileged" or "Redacted"), written from those rules, plus FOIA exemption codes.
 */

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const DATE_PATTERNS = [
  /\d{4}-[01]?\d-[0-3]?\d/g,
  /[0-3]?\d[/.-][0-3]?\d[/.-]\d{2,4}/g,
  new RegExp(`(?:${MONTHS})\\.? +[0-3]?\\d(?:st|nd|rd|th)?,? +\\d{4}`, 'gi'),
  new RegExp(`[0-3]?\\d +(?:${MONTHS})\\.?,? +\\d{4}`, 'gi'),
];

const OK_WORDS =
  /redacted +and +publicly +filed|name +redacted|confidential|privileged?|withheld|redacted|redaction|\(b\) *\(\d\)(?: *\([a-f]\)(?! *\(\d))?|exempt(?:ion)?/gi;

/** Whitespace runs collapsed, ends trimmed: the form the hash and the length are taken of. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export function isWhitespaceOnly(text: string): boolean {
  return normalizeText(text) === '';
}

/** Every character a date (numeric or with a month name), once separators are removed. */
export function looksLikeDate(text: string): boolean {
  let rest = normalizeText(text);
  if (!rest) return false;
  for (const p of DATE_PATTERNS) rest = rest.replace(p, ' ');
  return rest.replace(/[\s,;.]/g, '') === '';
}

/** Only "OK words" (Privileged, Confidential, Redacted, exemption codes) and punctuation. */
export function isOkWords(text: string): boolean {
  const t = normalizeText(text);
  if (!t) return false;
  return t.replace(OK_WORDS, '').replace(/[\s\p{P}]/gu, '') === '';
}

/** Placeholder text such as "XXXXXXXX" or "xxxx xxxx": one repeated letter or digit. */
export function isRepeatedChar(text: string): boolean {
  const alnum = text.replace(/[^\p{L}\p{N}]/gu, '');
  return alnum.length > 1 && new Set(alnum.toLowerCase()).size === 1;
}

function alnumCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

export type TextVerdict = 'leak' | 'empty' | 'whitespace' | 'date' | 'ok_word' | 'placeholder' | 'unreadable';

/** Classifies the characters found under one redaction; only 'leak' is reported as bad. */
export function classifyHiddenText(text: string): TextVerdict {
  if (text.length === 0) return 'empty';
  const t = normalizeText(text);
  if (!t) return 'whitespace';
  if (t.includes('\uFFFD')) return 'unreadable';
  if (alnumCount(t) === 0) return 'whitespace';
  if (isRepeatedChar(t) || alnumCount(t) <= 1) return 'placeholder';
  if (looksLikeDate(t)) return 'date';
  if (isOkWords(t)) return 'ok_word';
  return 'leak';
}
