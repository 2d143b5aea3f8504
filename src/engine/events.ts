import type { EventName, EventPayload } from '../shared/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Typed event hub for the contract's event streams. Both transports subscribe here. */
export class EngineEvents {
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Subscribe by a name not known to the compiler (a transport forwarding everything). */
  onAny(name: EventName, listener: (payload: unknown) => void): () => void {
    return this.on(name, listener as Listener<EventName>);
  }

  /** Whether anything listens to an event stream (a transport subscribes once a client asks for it). */
  hasListeners(name: EventName): boolean {
    return (this.listeners.get(name)?.size ?? 0) > 0;
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const l of set) {
      try {
        l(payload);
      } catch {
        // A failing listener (a closed window, a dead socket) must not stop the engine.
      }
    }
  }
}
