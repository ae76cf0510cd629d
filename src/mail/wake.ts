// In-process wake-up of running mail workers, so a freshly queued mail goes out without waiting for the poll.
// Only a hint: other processes (and a missed wake-up) fall back to polling.

const listeners = new Set<() => void>();

/** Registers a worker's wake-up; returns the function that unregisters it. */
export function onMailQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Wakes the workers of this process on the next turn of the event loop (after the caller's transaction commits or waits). */
export function notifyMailQueued(): void {
  if (listeners.size === 0) return;
  setImmediate(() => {
    for (const listener of listeners) listener();
  });
}
