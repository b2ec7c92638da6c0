import { recordAudit } from "../../admin/audit";
import type { SqlExecutor } from "../../db/sql";
import { env } from "../../env";
import { settleOrder } from "../../orders/settlement";
import { providerUrl } from "../provider-urls";
import type { AdminActionInput, CheckoutInput, CheckoutOutcome, ProviderActionOutcome, ProviderAttempt } from "../provider";
import { loadClickSettings } from "./click-settings";
import { clickApiUrlSpec, clickPayUrlSpec } from "./click-urls";
import { clickErrorNote, type ClickErrorCode } from "./errors";
import { createClickMerchantClient, ClickMerchantApiError, tashkentDate, type ClickMerchantClient } from "./merchant-api";
import { buildClickPayForm, buildClickPayLink } from "./pay-link";
import { fetchClickRecords } from "./reconciliation";
import { CLICK_PROVIDER, clickAttemptByTransId, clickAttemptsOfOrder, clickAttemptsPreparedBetween, toDate } from "./settlement-store";

/**
 * What Click's registry entry does for the store (provider.ts stays a table): the pay link for
 * `POST /api/orders/{id}/payments`, the admin's attempts, refund by reversal, reconciliation.
 */

function appSecret(): string {
  const secret = env().APP_SECRET;
  if (!secret) throw new Error("APP_SECRET is not set: start the store with npm start");
  return secret;
}

/** The order page Click sends the shopper back to. */
export function clickReturnUrl(publicUrl: string, orderId: string): string {
  return `${publicUrl}/orders/${encodeURIComponent(orderId)}?click=return`;
}

/** The `my.click.uz/services/pay` link (sandbox: the emulator's) for the outstanding amount (tiyin). */
export async function clickHostedCheckout(input: CheckoutInput): Promise<CheckoutOutcome<"click">> {
  const settings = await loadClickSettings(input.sql, input.env.APP_SECRET ?? appSecret());
  if (!settings.serviceId || !settings.merchantId || !settings.secretKey) {
    return { ok: false, reason: "not_configured", message: "Click is not configured: set the service id, merchant id and secret key in the admin." };
  }
  const link = {
    payUrl: providerUrl(clickPayUrlSpec, settings.mode, input.env),
    serviceId: settings.serviceId,
    merchantId: settings.merchantId,
    amount: input.outstanding,
    orderNumber: input.order.number,
    returnUrl: clickReturnUrl(input.env.PUBLIC_URL, input.order.id),
    merchantUserId: settings.merchantUserId || undefined,
  };
  return { ok: true, request: { provider: "click", url: buildClickPayLink(link), form: buildClickPayForm(link) } };
}

/** The Merchant API client for the current mode's base URL, or null without credentials. */
export async function clickMerchantClient(sql: SqlExecutor): Promise<ClickMerchantClient | null> {
  const settings = await loadClickSettings(sql, appSecret());
  if (!settings.serviceId || !settings.merchantUserId || !settings.secretKey) return null;
  return createClickMerchantClient({
    baseUrl: providerUrl(clickApiUrlSpec, settings.mode, env()),
    serviceId: settings.serviceId,
    merchantUserId: settings.merchantUserId,
    secretKey: settings.secretKey,
  });
}

/** The admin order page: each Prepare with its history (prepared, then confirmed or ended). */
export async function clickAttempts(sql: SqlExecutor, orderNumber: number): Promise<ProviderAttempt[]> {
  const rows = await clickAttemptsOfOrder(sql, orderNumber);
  return rows.map((row) => {
    const history: ProviderAttempt["history"] = [{ at: toDate(row.preparedAt) ?? new Date(0), state: "prepared" }];
    const endedAt = toDate(row.endedAt);
    if (endedAt) {
      const code = row.completeError === null ? null : Number(row.completeError);
      const note = [row.endReason, code === null ? null : `${code} ${clickErrorNote(code as ClickErrorCode)}`].filter(Boolean).join(": ");
      history.push({ at: endedAt, state: row.state, note });
    }
    return {
      provider: CLICK_PROVIDER,
      reference: row.clickTransId,
      ourId: String(row.id),
      amount: BigInt(row.amount),
      state: row.state,
      history,
      fiscal: [],
    };
  });
}

const target = (orderNumber: number) => `order:${orderNumber}`;

/**
 * Refund by reversal (issue 11 §5): whole payments only, and only in the payment's month
 * (Tashkent); otherwise, or when Click refuses, `refund_in_cabinet` / `provider_error` and the
 * admin records the refund by hand. Click's confirmation writes the ledger's refund (reference =
 * click_trans_id, as Click reverses whole payments).
 */
export async function refundClickPayment({ sql, ip, orderNumber, ledgerId }: AdminActionInput & { ledgerId: number }): Promise<ProviderActionOutcome> {
  const entry = await sql.get<{ provider: string; kind: string; reference: string; amount: bigint; at: unknown }>(
    `SELECT "provider", "kind", "reference", "amount", "at" FROM "LedgerEntry" WHERE "id" = ? AND "orderNumber" = ?`,
    [ledgerId, orderNumber],
  );
  if (!entry || entry.kind !== "payment") return { ok: false, reason: "not_found" };
  if (entry.provider !== CLICK_PROVIDER) return { ok: false, reason: "not_this_provider" };
  const refunded = await sql.get<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "LedgerEntry" WHERE "kind" = 'refund' AND "provider" = ? AND "refundOf" = ?`, [
    CLICK_PROVIDER,
    entry.reference,
  ], { n: "number" });
  if (Number(refunded?.n ?? 0) > 0) return { ok: false, reason: "already_refunded" };
  const attempt = await clickAttemptByTransId(sql, entry.reference);
  const paidAt = toDate(entry.at);
  const detail = { ledgerId, reference: entry.reference, amount: String(entry.amount) };
  const refuse = async (reason: "refund_in_cabinet" | "not_available"): Promise<ProviderActionOutcome> => {
    await recordAudit(sql, { action: "order.refund", outcome: "refused", ip, target: target(orderNumber), detail: { ...detail, provider: CLICK_PROVIDER, reason } });
    return { ok: false, reason };
  };
  // Click reverses only online card payments of the current reporting month.
  if (!attempt || !paidAt || tashkentDate(paidAt.getTime()).slice(0, 7) !== tashkentDate(Date.now()).slice(0, 7)) return refuse("refund_in_cabinet");
  const client = await clickMerchantClient(sql);
  if (!client) return refuse("not_available");
  let reversal;
  try {
    reversal = await client.reversePayment(BigInt(attempt.clickPaydocId));
  } catch (error) {
    if (!(error instanceof ClickMerchantApiError)) throw error;
    await recordAudit(sql, { action: "order.refund", outcome: "failed", ip, target: target(orderNumber), detail: { ...detail, provider: CLICK_PROVIDER, failure: error.kind } });
    const text = "Click did not answer the reversal; check the payment in Click's cabinet before trying again.";
    return { ok: false, reason: "provider_error", code: error.status ?? null, message: { ru: "Click не ответил на запрос возврата; проверьте платёж в кабинете Click перед повтором.", uz: "Click qaytarish so'roviga javob bermadi; qayta urinishdan oldin to'lovni Click kabinetida tekshiring.", en: text } };
  }
  if (!reversal.ok) {
    await recordAudit(sql, { action: "order.refund", outcome: "failed", ip, target: target(orderNumber), detail: { ...detail, provider: CLICK_PROVIDER, clickCode: reversal.errorCode } });
    const note = reversal.errorNote || `error ${reversal.errorCode}`;
    return {
      ok: false,
      reason: "provider_error",
      code: reversal.errorCode,
      message: { ru: `Click отказал в возврате (${note}); верните деньги вручную.`, uz: `Click qaytarishni rad etdi (${note}); pulni qo'lda qaytaring.`, en: `Click refused the reversal (${note}); refund by hand.` },
    };
  }
  const recorded = await settleOrder(sql, orderNumber, async (order) => {
    await order.approveRefund({ provider: CLICK_PROVIDER, reference: entry.reference });
    return order.recordRefund({ provider: CLICK_PROVIDER, reference: entry.reference, refundOf: entry.reference, amount: BigInt(entry.amount), requireApproval: false });
  });
  await recordAudit(sql, { action: "order.refund", outcome: recorded.ok ? "ok" : "failed", ip, target: target(orderNumber), detail: { ...detail, provider: CLICK_PROVIDER } });
  return recorded.ok ? { ok: true, state: "reversed" } : { ok: false, reason: "not_found" };
}

/** Click as a reconciliation source: `payment/status` for each Prepare of the period. */
export async function clickReconciliationSource(sql: SqlExecutor) {
  const client = await clickMerchantClient(sql);
  if (!client) return null;
  return {
    provider: CLICK_PROVIDER,
    async fetchRecords(period: { from: Date; to: Date }) {
      const rows = await clickAttemptsPreparedBetween(sql, period.from, period.to);
      return fetchClickRecords(
        client,
        rows.map((row) => ({
          clickTransId: BigInt(row.clickTransId),
          clickPaydocId: BigInt(row.clickPaydocId),
          orderNumber: Number(row.orderNumber),
          amount: BigInt(row.amount),
          preparedAt: toDate(row.preparedAt) ?? new Date(0),
        })),
      );
    },
  } as const;
}
