// Channels and events of the runs domain. Channel names are `runs:verb`, events `runs:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const runsChannels = {};

export const runsEvents = {};
