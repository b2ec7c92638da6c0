import { recordAudit } from "../../admin/audit";
import type { SqlDatabase, SqlExecutor } from "../../db/sql";
import { env } from "../../env";
import type { Locale } from "../../i18n/locales";
import { settleOrder } from "../../orders/settlement";
import { providerUrl } from "../provider-urls";
import type { AdminActionInput, CheckoutInput, CheckoutOutcome, ProviderActionOutcome, ProviderAttempt } from "../provider";
import { loadClickSettings } from "./click-settings";
import { clickApiUrlSpec, clickPayUrlSpec } from "./click-urls";
import { clickAdminText, clickErrorNote, type ClickErrorCode } from "./errors";
import { createClickMerchantClient, ClickMerchantApiError, tashkentDate, type ClickMerchantClient } from "./merchant-api";
import { buildClickPayForm, buildClickPayLink } from "./pay-link";
import type { PayByPhoneDeps } from "./pay-by-phone";
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

/** The order page Click sends the shopper back to, in the shopper's language. */
export function clickReturnUrl(publicUrl: string, orderId: string, lang: Locale): string {
  return `${publicUrl}/orders/${encodeURIComponent(orderId)}?lang=${lang}&click=return`;
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
    returnUrl: clickReturnUrl(input.env.PUBLIC_URL, input.order.id, input.lang),
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

/** The month of `ms` in Tashkent (`2026-12`): Click reverses a payment only within it. */
export function tashkentMonth(ms: number): string {
  return tashkentDate(ms).slice(0, 7);
}

/**
 * Refund by reversal (issue 11 §5; protocol "Merchant API: payment reversal"): `payment_id` is
 * the stored `click_paydoc_id`; whole payments only, and only in the payment's month (Tashkent).
 * Otherwise — an earlier month, something already refunded of it, no Click record of it — or
 * when Click refuses, the payment is flagged "refund by hand" through the settlement core
 * (DESIGN.md "Refunds started elsewhere") and the outcome is `refund_by_hand` with the flag's
 * reason (`click_past_month`, `click_partial`, `click_no_attempt`, `click_refused:<error>`).
 * Click's confirmation writes the ledger's refund (reference = click_trans_id, as Click reverses
 * whole payments). A reversal whose answer is lost is `provider_error` and flags nothing: the
 * money may be back already (the reconciliation's `payment/status` tells).
 */
export async function refundClickPayment(
  { sql, ip, orderNumber, ledgerId }: AdminActionInput & { ledgerId: number },
  nowMs: number = Date.now(),
): Promise<ProviderActionOutcome> {
  const entry = await sql.get<{ provider: string; kind: string; reference: string; amount: bigint; at: unknown; refundByHandReason: string | null; refundedOf: unknown }>(
    `SELECT p."provider", p."kind", p."reference", p."amount", p."at", p."refundByHandReason",
            (SELECT COALESCE(SUM(r."amount"), 0) FROM "LedgerEntry" r WHERE r."kind" = 'refund' AND r."provider" = p."provider" AND r."refundOf" = p."reference") AS "refundedOf"
       FROM "LedgerEntry" p WHERE p."id" = ? AND p."orderNumber" = ?`,
    [ledgerId, orderNumber],
    { refundedOf: "bigint" },
  );
  if (!entry || entry.kind !== "payment") return { ok: false, reason: "not_found" };
  if (entry.provider !== CLICK_PROVIDER) return { ok: false, reason: "not_this_provider" };
  const amount = BigInt(entry.amount);
  const refunded = BigInt(entry.refundedOf as bigint);
  if (refunded >= amount) return { ok: false, reason: "already_refunded" };
  if (entry.refundByHandReason !== null) return { ok: false, reason: "refund_by_hand", why: entry.refundByHandReason };
  const detail = { ledgerId, reference: entry.reference, amount: String(amount), provider: CLICK_PROVIDER };
  const byHand = async (why: string, outcome: "refused" | "failed"): Promise<ProviderActionOutcome> => {
    const flagged = await settleOrder(sql, orderNumber, (order) => order.flagRefundByHand({ provider: CLICK_PROVIDER, reference: entry.reference }, why), { lapse: false });
    await recordAudit(sql, { action: "order.refund", outcome, ip, target: target(orderNumber), detail: { ...detail, refundByHand: why } });
    if (!flagged.ok) return { ok: false, reason: flagged.reason === "already_refunded" ? "already_refunded" : "not_found" };
    return { ok: false, reason: "refund_by_hand", why: flagged.payment.refundByHand?.reason ?? why };
  };
  const attempt = await clickAttemptByTransId(sql, entry.reference);
  const paidAt = toDate(entry.at);
  if (!attempt || !paidAt) return byHand("click_no_attempt", "refused");
  if (refunded > 0n) return byHand("click_partial", "refused");
  if (tashkentMonth(paidAt.getTime()) !== tashkentMonth(nowMs)) return byHand("click_past_month", "refused");
  const client = await clickMerchantClient(sql);
  if (!client) {
    await recordAudit(sql, { action: "order.refund", outcome: "refused", ip, target: target(orderNumber), detail: { ...detail, reason: "not_available" } });
    return { ok: false, reason: "not_available" };
  }
  // Asked first: a reversal whose answer was lost may have returned the money already; Click would
  // then refuse a second one, and flagging "refund by hand" on that refusal would refund twice.
  const paymentId = BigInt(attempt.clickPaydocId);
  let current;
  try {
    current = await client.paymentStatus(paymentId);
  } catch (error) {
    if (!(error instanceof ClickMerchantApiError)) throw error;
    await recordAudit(sql, { action: "order.refund", outcome: "failed", ip, target: target(orderNumber), detail: { ...detail, failure: error.kind } });
    return { ok: false, reason: "provider_error", code: error.status ?? null, message: clickAdminText("reversalNoAnswer") };
  }
  if (current.ok && current.state !== "succeeded") {
    await recordAudit(sql, { action: "order.refund", outcome: "refused", ip, target: target(orderNumber), detail: { ...detail, paymentStatus: current.paymentStatus } });
    return { ok: false, reason: "provider_error", code: current.paymentStatus, message: clickAdminText("notReversible", { status: current.paymentStatus }) };
  }
  let reversal;
  try {
    reversal = await client.reversePayment(paymentId);
  } catch (error) {
    if (!(error instanceof ClickMerchantApiError)) throw error;
    await recordAudit(sql, { action: "order.refund", outcome: "failed", ip, target: target(orderNumber), detail: { ...detail, failure: error.kind } });
    return { ok: false, reason: "provider_error", code: error.status ?? null, message: clickAdminText("reversalNoAnswer") };
  }
  if (!reversal.ok) {
    // A reversal submitted at the same time may have just returned the money (Click then refuses
    // this one): asked again, so a reversed payment is not also flagged "refund by hand".
    let after;
    try {
      after = await client.paymentStatus(paymentId);
    } catch (error) {
      if (!(error instanceof ClickMerchantApiError)) throw error;
      await recordAudit(sql, { action: "order.refund", outcome: "failed", ip, target: target(orderNumber), detail: { ...detail, failure: error.kind } });
      return { ok: false, reason: "provider_error", code: error.status ?? null, message: clickAdminText("reversalNoAnswer") };
    }
    if (after.ok && after.state !== "succeeded") {
      await recordAudit(sql, { action: "order.refund", outcome: "refused", ip, target: target(orderNumber), detail: { ...detail, paymentStatus: after.paymentStatus } });
      return { ok: false, reason: "provider_error", code: after.paymentStatus, message: clickAdminText("notReversible", { status: after.paymentStatus }) };
    }
    return byHand(`click_refused:${reversal.errorCode}`, "failed");
  }
  const recorded = await settleOrder(sql, orderNumber, async (order) => {
    await order.approveRefund({ provider: CLICK_PROVIDER, reference: entry.reference });
    return order.recordRefund({ provider: CLICK_PROVIDER, reference: entry.reference, refundOf: entry.reference, amount, requireApproval: false });
  });
  await recordAudit(sql, { action: "order.refund", outcome: recorded.ok ? "ok" : "failed", ip, target: target(orderNumber), detail: { ...detail, paymentId: attempt.clickPaydocId } });
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

/** Pay by phone's dependencies in this process (the store's database, the current mode's Merchant API). */
export function clickPayByPhoneDeps(database: SqlDatabase): PayByPhoneDeps {
  return { sql: database, appSecret: appSecret(), client: () => clickMerchantClient(database) };
}
