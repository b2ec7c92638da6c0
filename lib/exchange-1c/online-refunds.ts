import type { SqlDatabase } from "../db/sql";
import type { OnlineRefundRequest } from "./apply-document";

/**
 * Asks each provider for a refund 1C sent for money paid online (DESIGN.md "Refunds started
 * elsewhere"): once per 1C document and payment (the `Exchange1cRefund` row is claimed from
 * `pending` first, so a concurrent import does not ask twice), through the registry's refund hook,
 * whose confirmation writes the ledger. A provider without the hook, one that refuses, or a part of
 * a payment (the hook refunds whole payments) leaves the request flagged `by_hand` with the reason.
 */
export async function requestOnlineRefunds(sql: SqlDatabase, requests: readonly OnlineRefundRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const { providerById } = await import("../payments/registry");
  for (const request of requests) {
    const claimed = await sql.run(`UPDATE "Exchange1cRefund" SET "state" = 'requesting', "updatedAt" = ? WHERE "key" = ? AND "state" = 'pending'`, [new Date(), request.key]);
    if (claimed.changes === 0) continue;
    let state: "requested" | "by_hand" = "by_hand";
    let detail: string;
    const provider = providerById(request.provider);
    if (!request.wholePayment) {
      detail = "partial refund of an online payment: the provider refunds whole payments";
    } else if (!provider?.refund) {
      detail = `${request.provider} cannot refund from the store`;
    } else {
      try {
        const outcome = await provider.refund({ sql, ip: "1c-exchange", orderNumber: request.orderNumber, ledgerId: request.ledgerId });
        if (outcome.ok) {
          state = "requested";
          detail = outcome.state === undefined ? "requested" : `requested (${String(outcome.state)})`;
        } else {
          detail = outcome.reason === "provider_error" ? `provider error ${String(outcome.code)}: ${outcome.message.en}` : outcome.reason;
        }
      } catch (error) {
        detail = `provider unreachable: ${error instanceof Error ? error.message : "error"}`;
      }
    }
    await sql.run(`UPDATE "Exchange1cRefund" SET "state" = ?, "detail" = ?, "updatedAt" = ? WHERE "key" = ?`, [state, detail.slice(0, 500), new Date(), request.key]);
  }
}
