// Channels and events of the review domain. Channel names are `review:verb`, events `review:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const reviewChannels = {};

export const reviewEvents = {};
