import fs from 'node:fs';
import { AppError } from '../shared/errors';

/** Reads and parses a JSON file, with errors a person can act on. `what` names it ("ground-truth file"). */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `The ${what} ${file} does not exist. Check the path.`);
    if (code === 'EISDIR') throw new AppError('UNSUPPORTED_FILE', `The ${what} ${file} is a folder, not a JSON file.`);
    throw new AppError('IO_ERROR', `The ${what} ${file} cannot be read (${code ?? 'unknown error'}).`);
  }
  if (text.trim() === '') throw new AppError('EMPTY_FILE', `The ${what} ${file} is empty.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AppError('CORRUPT_FILE', `The ${what} ${file} is not valid JSON: ${(e as Error).message}.`);
  }
}
