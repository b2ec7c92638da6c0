import type { SqlDatabase } from "../db/sql";
import { settleOrder } from "../orders/settlement";
import type { OnlineRefundRequest } from "./apply-document";

/**
 * Asks each provider for a refund 1C sent for money paid online (DESIGN.md "Refunds started
 * elsewhere"): once per 1C document and payment (the `Exchange1cRefund` row is claimed from
 * `pending` first, so a concurrent import does not ask twice), through the registry's refund hook,
 * whose confirmation writes the ledger. A provider without the hook, one that refuses, or a part of
 * a payment where the provider refunds whole payments only (no `partialRefunds`) flags the payment "refund by hand" in the ledger
 * (the core's `flagRefundByHand`; the admin order page records the manual refund) and the
 * request `by_hand` with the reason.
 */
export async function requestOnlineRefunds(sql: SqlDatabase, requests: readonly OnlineRefundRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const { providerById } = await import("../payments/registry");
  for (const request of requests) {
    const claimed = await sql.run(`UPDATE "Exchange1cRefund" SET "state" = 'requesting', "updatedAt" = ? WHERE "key" = ? AND "state" = 'pending'`, [new Date(), request.key]);
    if (claimed.changes === 0) continue;
    let state: "requested" | "by_hand" = "by_hand";
    let detail: string;
    let flag = "1c_refund_not_automatic";
    const provider = providerById(request.provider);
    if (!request.wholePayment && !provider?.partialRefunds) {
      detail = "partial refund of an online payment: the provider refunds whole payments";
      flag = "1c_partial_refund";
    } else if (!provider?.refund) {
      detail = `${request.provider} cannot refund from the store`;
      flag = "1c_provider_cannot_refund";
    } else {
      try {
        const outcome = await provider.refund({
          sql,
          ip: "1c-exchange",
          orderNumber: request.orderNumber,
          ledgerId: request.ledgerId,
          // Part of a payment goes to providers that refund partially (`partialRefunds`); the rest, whole.
          ...(request.wholePayment ? {} : { amount: request.amount }),
        });
        if (outcome.ok) {
          state = "requested";
          detail = outcome.state === undefined ? "requested" : `requested (${String(outcome.state)})`;
        } else {
          detail =
            outcome.reason === "provider_error"
              ? `provider error ${String(outcome.code)}: ${outcome.message.en}`
              : outcome.reason === "refund_by_hand"
                ? `refund by hand: ${outcome.why}`
                : outcome.reason;
          flag = outcome.reason === "refund_by_hand" ? outcome.why : `1c_provider_refused:${outcome.reason === "provider_error" ? String(outcome.code) : outcome.reason}`;
        }
      } catch (error) {
        detail = `provider unreachable: ${error instanceof Error ? error.message : "error"}`;
        flag = "1c_provider_unreachable";
      }
    }
    if (state === "by_hand") {
      // A repeat keeps the first flag (the provider's own, when it flagged the payment itself).
      await settleOrder(sql, request.orderNumber, (order) => order.flagRefundByHand({ ledgerId: request.ledgerId }, flag.slice(0, 100)));
    }
    await sql.run(`UPDATE "Exchange1cRefund" SET "state" = ?, "detail" = ?, "updatedAt" = ? WHERE "key" = ?`, [state, detail.slice(0, 500), new Date(), request.key]);
  }
}
