/**
 * One line's worth of a delivery attempt, for whoever listens (the ops logger "one line per
 * outbox delivery", the delivery-failure metric): published by the dispatcher after each attempt.
 * Never carries a secret, an e-mail address or a phone number.
 */
export type DeliveryResultEvent = {
  deliveryId: number;
  eventId: number;
  eventType: string;
  orderNumber: number;
  /** `webhook:<id>`, `notify:log`, `notify:email`, `notify:sms`. */
  target: string;
  outcome: "delivered" | "failed" | "skipped";
  /** The delivery's state after this attempt: failed = given up (72 h passed); null = the claim was lost to another dispatcher. */
  state: "pending" | "delivered" | "failed" | "skipped" | null;
  attempt: number;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** For a failure still retried: when (ms since the epoch). */
  nextAttemptAt: number | null;
};

type Listener = (event: DeliveryResultEvent) => void;

// On globalThis: one set of listeners even when Next.js bundles a second copy of this module.
const holder = globalThis as unknown as { tolovOutboxListeners?: Set<Listener> };
const listeners = (holder.tolovOutboxListeners ??= new Set<Listener>());

/** Calls `listener` after every delivery attempt in this process; returns the unsubscribe function. */
export function onDeliveryResult(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** @internal The dispatcher's publication; a listener that throws does not stop the others. */
export function publishDeliveryResult(event: DeliveryResultEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // a listener's own failure is its own
    }
  }
}
