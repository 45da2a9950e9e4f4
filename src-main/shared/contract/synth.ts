// Channels and events of the synth domain. Channel names are `synth:verb`, events `synth:onThing`.
// Each request has a strict zod schema; response and event types are plain TypeScript interfaces.

export const synthChannels = {};

export const synthEvents = {};
