import type { ClickAttempt, ClickEffect, ClickOrderSnapshot, ClickOrderStatus } from "./decide-callback";
import type { ClickCallbackStore } from "./handle-callback";
import type { ClickAnswer } from "./schemas";

/**
 * An in-memory ClickCallbackStore: the reference for how the settlement core applies the
 * decisions (lock, snapshot, effect, stored answer), used by the unit tests and the emulator's
 * tests. Not for production: nothing here survives a restart.
 */
export type MemoryOrder = { amount: bigint; paid: bigint; refunded: bigint; cancelled: boolean; cancelRequested: boolean };
export type MemoryReservation = { provider: string; kind: string; reference: string; held: boolean; expiresAt: number };
export type MemoryPayment = { orderNumber: string; reference: string; paydocId: bigint; amount: bigint };

export function createMemoryCallbackStore(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const orders = new Map<string, MemoryOrder>();
  const reservations = new Map<string, MemoryReservation>();
  const attempts = new Map<bigint, ClickAttempt>();
  const ledger: MemoryPayment[] = [];
  const locks = new Map<string, Promise<unknown>>();
  let nextId = 1;

  function snapshot(number: string): ClickOrderSnapshot | null {
    const order = orders.get(number);
    if (!order) return null;
    let reservation = reservations.get(number);
    if (reservation && !reservation.held && reservation.expiresAt < now()) {
      reservations.delete(number);
      reservation = undefined;
    }
    const outstanding = order.amount - order.paid;
    const status: ClickOrderStatus = order.cancelled
      ? "cancelled"
      : order.paid > 0n && order.refunded === order.paid
        ? "refunded"
        : order.refunded > 0n
          ? "partially_refunded"
          : outstanding <= 0n
            ? "paid"
            : reservation
              ? reservation.held
                ? "authorized"
                : "processing"
              : order.paid > 0n
                ? "partially_paid"
                : "pending";
    return {
      number,
      status,
      outstanding,
      cancelRequested: order.cancelRequested,
      reservation: reservation ? { provider: reservation.provider, kind: reservation.kind, reference: reservation.reference, held: reservation.held } : null,
    };
  }

  function apply(effect: ClickEffect): void {
    switch (effect.kind) {
      case "none":
        return;
      case "reserve": {
        if (effect.replaces) {
          const replaced = attempts.get(BigInt(effect.replaces));
          if (replaced) replaced.state = "cancelled";
        }
        attempts.set(effect.clickTransId, {
          clickTransId: effect.clickTransId,
          clickPaydocId: effect.clickPaydocId,
          merchantTransId: effect.orderNumber,
          merchantPrepareId: effect.merchantPrepareId,
          amount: effect.amount,
          state: "prepared",
          prepareAnswer: effect.answer,
          completeAnswer: null,
        });
        reservations.set(effect.orderNumber, { provider: "click", kind: "click_prepare", reference: String(effect.clickTransId), held: false, expiresAt: effect.expiresAt });
        return;
      }
      case "cancel":
      case "record_payment": {
        const attempt = attempts.get(effect.clickTransId)!;
        attempt.state = effect.kind === "cancel" ? "cancelled" : "confirmed";
        attempt.completeAnswer = effect.answer;
        const held = reservations.get(effect.orderNumber);
        if (effect.releaseReservation && held?.reference === String(effect.clickTransId)) reservations.delete(effect.orderNumber);
        if (effect.kind === "record_payment") {
          // Unique on (payment, click, reference): a second report changes nothing.
          if (ledger.some((entry) => entry.reference === String(effect.clickTransId))) return;
          ledger.push({ orderNumber: effect.orderNumber, reference: String(effect.clickTransId), paydocId: effect.clickPaydocId, amount: effect.amount });
          orders.get(effect.orderNumber)!.paid += effect.amount;
        }
        return;
      }
    }
  }

  /** Runs `work` after every earlier holder of the same lock key. */
  async function withLock<T>(key: string, work: () => T): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    locks.set(key, next.catch(() => undefined));
    return next;
  }

  const store: ClickCallbackStore = {
    decide<A extends ClickAnswer>(
      key: { endpoint: "prepare" | "complete"; merchantTransId: string; clickTransId: bigint },
      decide: (state: { order: ClickOrderSnapshot | null; attempt: ClickAttempt | null; newId: string }) => { answer: A; effect: ClickEffect },
    ): Promise<A> {
      const known = attempts.get(key.clickTransId);
      const orderKey = known?.merchantTransId ?? key.merchantTransId;
      return withLock(orderKey, () => {
        const attempt = attempts.get(key.clickTransId) ?? null;
        const order = snapshot(attempt?.merchantTransId ?? key.merchantTransId);
        const decision = decide({ order, attempt, newId: String(nextId++) });
        apply(decision.effect);
        return decision.answer;
      });
    },
  };

  return { store, orders, reservations, attempts, ledger, snapshot };
}
