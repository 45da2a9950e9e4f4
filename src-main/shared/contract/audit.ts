// Channels and events of the audit domain. Channel names are `audit:verb`, events `audit:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const auditChannels = {};

export const auditEvents = {};
