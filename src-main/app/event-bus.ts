import type { EventName, PayloadOf } from '../shared/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Fan-out of main-process events to every transport (Electron windows, WebSocket clients, CLI). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken transport must never break the emitter.
      }
    }
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
