// Channels and events of the evaluation domain. Channel names are `evaluation:verb`, events `evaluation:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const evaluationChannels = {};

export const evaluationEvents = {};
