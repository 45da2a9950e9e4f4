// Channels and events of the datasets domain. Channel names are `datasets:verb`, events `datasets:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const datasetsChannels = {};

export const datasetsEvents = {};
