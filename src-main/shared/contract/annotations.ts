// Channels and events of the annotations domain. Channel names are `annotations:verb`, events `annotations:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const annotationsChannels = {};

export const annotationsEvents = {};
