import type { PlainMessageKey } from "@/lib/i18n/types";

/**
 * Why an order cannot be paid now (the order's `notPayableReason`, the payments endpoint's 409
 * `reason`) → the shopper's sentence. Undefined for a reason without one.
 */
export function notPayableMessage(reason: string | null | undefined): PlainMessageKey | undefined {
  return reason && Object.hasOwn(messages, reason) ? messages[reason] : undefined;
}

const messages: Record<string, PlainMessageKey> = {
  payment_in_progress: "order.reason.payment_in_progress",
  on_hold: "order.reason.on_hold",
  already_paid: "order.reason.already_paid",
  refunded: "order.reason.refunded",
  cancelled: "order.reason.cancelled",
};
