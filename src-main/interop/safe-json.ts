import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';

/** Largest annotation file read (JSON, JSONL, XML or a YOLO label file), in bytes. */
export const MAX_ANNOTATION_BYTES = 200 * 1024 * 1024;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function invalidData(file: string, problem: string): AppError {
  return new AppError(
    'INVALID_DATA',
    `${path.basename(file)}: ${problem} Nothing was imported; fix the file and import it again.`,
    {
      file,
    },
  );
}

/** Reads a text file after checking that it exists and is not huge. */
export function readTextFile(file: string, maxBytes = MAX_ANNOTATION_BYTES): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new AppError('IO_ERROR', `${file} does not exist or cannot be read. Check the path and import again.`);
  }
  if (!st.isFile()) throw new AppError('IO_ERROR', `${file} is not a file. Give the annotation file itself.`);
  if (st.size > maxBytes) {
    throw new AppError(
      'FILE_TOO_LARGE',
      `${path.basename(file)} is ${Math.ceil(st.size / 1024 ** 2)} MB; annotation files up to ${maxBytes / 1024 ** 2} MB are read. Split it and import the parts.`,
    );
  }
  return fs.readFileSync(file, 'utf8');
}

/**
 * JSON.parse that refuses `__proto__`, `constructor` and `prototype` keys anywhere (they have
 * no business in annotation data and are the usual prototype-pollution vector).
 */
export function parseJsonStrict(text: string, file: string, where = ''): unknown {
  const found: string[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text, function (key: string, v: unknown) {
      if (FORBIDDEN_KEYS.has(key)) found.push(key);
      return v;
    });
  } catch (e) {
    throw invalidData(file, `${where}it is not valid JSON (${(e as Error).message.slice(0, 120)}).`);
  }
  if (found.length) throw invalidData(file, `${where}it contains the key "${found[0]}", which is not allowed.`);
  return value;
}

export function readJsonFile(file: string): unknown {
  return parseJsonStrict(readTextFile(file), file);
}

/** Each non-empty line of a JSONL file, parsed strictly; the error names the line. */
export function readJsonLines(file: string): unknown[] {
  const out: unknown[] = [];
  readTextFile(file)
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim()) out.push(parseJsonStrict(line, file, `line ${i + 1}: `));
    });
  return out;
}
