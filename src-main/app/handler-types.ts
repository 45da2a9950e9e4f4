import type { Channel, ParsedRequestOf, ResponseOf } from '../shared/contract';

export interface CallContext {
  transport: 'electron' | 'http' | 'cli' | 'test';
}

export type Handler<C extends Channel> = (
  req: ParsedRequestOf<C>,
  ctx: CallContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** A handler for every channel: the compiler refuses a composition root that misses one. */
export type Handlers = { [C in Channel]: Handler<C> };

/** The handlers of the channels whose names start with one of the prefixes `P:`. */
export type HandlersFor<P extends string> = {
  [C in Channel as C extends `${P}:${string}` ? C : never]: Handler<C>;
};
