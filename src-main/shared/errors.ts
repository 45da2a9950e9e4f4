/**
 * Error codes that cross process boundaries. Every failure a user can see is one of these,
 * with a sentence that says what happened and what to do next.
 */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'CONFLICT',
  'READ_ONLY',
  'CANCELLED',
  'UNSUPPORTED_FILE',
  'EMPTY_FILE',
  'CORRUPT_FILE',
  'ENCRYPTED_FILE',
  'FILE_TOO_LARGE',
  'IMAGE_TOO_LARGE',
  'DUPLICATE',
  'INVALID_DATA',
  'IO_ERROR',
  'BACKEND_UNAVAILABLE',
  'TRAINING_FAILED',
  'OUT_OF_MEMORY',
  'NOT_IMPLEMENTED',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Optional machine-readable detail (field paths, ids); never secrets or document text. */
  details?: unknown;
}

/** An error meant to be shown: `message` is a sentence a person understands. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into an ErrorInfo without leaking stack traces across the boundary. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof AppError) return e.toInfo();
  if (e instanceof Error && e.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'The operation was cancelled.' };
  }
  const msg = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Something went wrong inside Redaction Lab: ${msg}` };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(error: ErrorInfo): Result<never> {
  return { ok: false, error };
}
