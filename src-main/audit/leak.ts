import crypto from 'node:crypto';
import { normalizeText } from './text-rules';

/** Length (in characters, whitespace collapsed) and SHA-1 of leaked text: what is shown by default. */
export function leakFields(rawText: string): { text_length: number; text_sha1: string } {
  const t = normalizeText(rawText);
  return { text_length: [...t].length, text_sha1: crypto.createHash('sha1').update(t, 'utf8').digest('hex') };
}

/** The leaked text as revealed on request (whitespace collapsed, as hashed). */
export function revealText(rawText: string): string {
  return normalizeText(rawText);
}
