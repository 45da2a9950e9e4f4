import type { z } from 'zod';
import { channels, type Channel } from '../shared/contract';
import { AppError, fail, ok, toErrorInfo, type ErrorInfo, type Result } from '../shared/errors';
import type { CallContext, Handlers } from './handler-types';

export type Dispatch = (channel: string, payload: unknown, ctx: CallContext) => Promise<Result<unknown>>;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`);
  return first.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

function errorInfo(e: unknown): ErrorInfo {
  const code = (e as { code?: unknown })?.code;
  if (code === 'SQLITE_READONLY') {
    return { code: 'READ_ONLY', message: 'The database is open read-only, so this change was not saved.' };
  }
  if (code === 'SQLITE_FULL') {
    return { code: 'IO_ERROR', message: 'The disk is full, so this change was not saved. Free some space and retry.' };
  }
  return toErrorInfo(e);
}

/**
 * The one place a request meets a handler, for every transport: the channel must exist, the
 * payload must pass its schema (else INVALID_REQUEST and nothing runs), and every error becomes
 * `{ code, message }`.
 */
export function createDispatcher(handlers: Handlers, log: (line: string) => void = () => {}): Dispatch {
  return async (channel, payload, ctx) => {
    if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) {
      return fail({ code: 'UNKNOWN_CHANNEL', message: `There is no channel named "${String(channel).slice(0, 80)}".` });
    }
    const name = channel as Channel;
    const parsed = channels[name].request.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      return fail({
        code: 'INVALID_REQUEST',
        message: `The request to ${name} was not valid: ${describeIssues(parsed.error.issues)}.`,
        details: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    try {
      const handler = handlers[name] as (req: unknown, c: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (e) {
      const info = errorInfo(e);
      if (!(e instanceof AppError))
        log(`[${name}] ${info.code}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fail(info);
    }
  };
}
