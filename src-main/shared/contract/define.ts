import type { z } from 'zod';

/**
 * A request/response channel. `request` is the runtime schema every payload is checked against
 * before a handler sees it; the response type is carried only at the type level.
 */
export interface Rpc<S extends z.ZodType, R> {
  readonly kind: 'rpc';
  readonly request: S;
  /** Phantom: never set at run time. */
  readonly __response?: R;
}

/** A one-way event from the main process to the renderer. */
export interface EventSpec<T> {
  readonly kind: 'event';
  /** Phantom: never set at run time. */
  readonly __payload?: T;
}

export function rpc<S extends z.ZodType>(request: S): { returns<R>(): Rpc<S, R> } {
  return {
    returns<R>(): Rpc<S, R> {
      return { kind: 'rpc', request };
    },
  };
}

export function event<T>(): EventSpec<T> {
  return { kind: 'event' };
}

export type RpcMap = Record<string, Rpc<z.ZodType, unknown>>;
export type EventMap = Record<string, EventSpec<unknown>>;
