import type { Handlers } from './handler-types';
import type { Services } from './services';
import { appHandlers, jobsHandlers } from './handlers';
import { annotationsHandlers } from '../annotations/handlers';
import { documentsHandlers } from '../documents/handlers';
import { datasetsHandlers } from '../datasets/handlers';
import { auditHandlers } from '../audit/handlers';
import { reviewHandlers } from '../review/handlers';
import { synthHandlers } from '../synth/handlers';
import { evaluationHandlers } from '../eval/handlers';
import { runsHandlers } from '../training/handlers';
import { experimentsHandlers, sweepsHandlers } from '../experiments/handlers';

export interface HandlerHooks {
  /** How the host opens an allow-listed link (Electron: shell.openExternal). */
  openExternal?: (url: string) => Promise<boolean>;
}

/** Every channel's handler. Adding a channel to the contract without a handler fails to compile. */
export function allHandlers(s: Services, hooks: HandlerHooks = {}): Handlers {
  return {
    ...appHandlers(s, hooks.openExternal),
    ...jobsHandlers(s),
    ...annotationsHandlers(s),
    ...documentsHandlers(s),
    ...datasetsHandlers(s),
    ...auditHandlers(s),
    ...reviewHandlers(s),
    ...synthHandlers(s),
    ...evaluationHandlers(s),
    ...runsHandlers(s),
    ...experimentsHandlers(s),
    ...sweepsHandlers(s),
  };
}
