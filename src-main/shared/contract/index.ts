import type { z } from 'zod';
import type { EventSpec, Rpc } from './define';
import { appChannels, appEvents } from './app';
import { jobsChannels, jobsEvents } from './jobs';
import { documentsChannels, documentsEvents } from './documents';
import { annotationsChannels, annotationsEvents } from './annotations';
import { datasetsChannels, datasetsEvents } from './datasets';
import { synthChannels, synthEvents } from './synth';
import { runsChannels, runsEvents } from './runs';
import { evaluationChannels, evaluationEvents } from './evaluation';
import { reviewChannels, reviewEvents } from './review';
import { auditChannels, auditEvents } from './audit';
import { experimentsChannels, experimentsEvents } from './experiments';
import { sweepsChannels, sweepsEvents } from './sweeps';

/** Every request/response channel of the app: the single source of truth for IPC and HTTP. */
export const channels = {
  ...appChannels,
  ...jobsChannels,
  ...documentsChannels,
  ...annotationsChannels,
  ...datasetsChannels,
  ...synthChannels,
  ...runsChannels,
  ...evaluationChannels,
  ...reviewChannels,
  ...auditChannels,
  ...experimentsChannels,
  ...sweepsChannels,
};

/** Every event the main process pushes to renderers. */
export const events = {
  ...appEvents,
  ...jobsEvents,
  ...documentsEvents,
  ...annotationsEvents,
  ...datasetsEvents,
  ...synthEvents,
  ...runsEvents,
  ...evaluationEvents,
  ...reviewEvents,
  ...auditEvents,
  ...experimentsEvents,
  ...sweepsEvents,
};

export type Channels = typeof channels;
export type Channel = Extract<keyof Channels, string>;
export type Events = typeof events;
export type EventName = Extract<keyof Events, string>;

/** What a caller may send (before defaults are applied). */
export type RequestOf<C extends Channel> = Channels[C] extends Rpc<infer S, unknown> ? z.input<S> : never;
/** What a handler receives (after validation and defaults). */
export type ParsedRequestOf<C extends Channel> = Channels[C] extends Rpc<infer S, unknown> ? z.output<S> : never;
export type ResponseOf<C extends Channel> = Channels[C] extends Rpc<z.ZodType, infer R> ? R : never;
export type PayloadOf<E extends EventName> = Events[E] extends EventSpec<infer T> ? T : never;

export const CHANNEL_NAMES = Object.keys(channels) as Channel[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export * from './define';
