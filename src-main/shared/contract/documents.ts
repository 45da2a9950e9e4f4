// Channels and events of the documents domain. Channel names are `documents:verb`, events `documents:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const documentsChannels = {};

export const documentsEvents = {};
