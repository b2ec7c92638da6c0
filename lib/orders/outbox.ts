/**
 * The outbox's event types (DESIGN.md "Events"). Events are written only by the settlement core
 * (settlement.ts), in the transaction that made the change, exactly once per dedupe key.
 */
export type DomainEventType = "payment.received" | "refund.recorded" | "order.paid" | "order.refunded" | "order.cancelled";

const wakeHolder = globalThis as unknown as { tolovOutboxWake?: () => void };

/**
 * Tells this process's outbox dispatcher (lib/outbox) that events were committed: one function
 * call, nothing when no dispatcher runs here. Kept on `globalThis` so the Next.js bundle's copy
 * of the settlement core reaches the dispatcher server.ts started. Other instances find the
 * events by polling.
 */
export function signalOutbox(): void {
  wakeHolder.tolovOutboxWake?.();
}

/** The dispatcher registers its wake-up here (null: none). */
export function setOutboxWake(wake: (() => void) | null): void {
  wakeHolder.tolovOutboxWake = wake ?? undefined;
}
