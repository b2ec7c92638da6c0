"use server";

import { revalidatePath } from "next/cache";
import { db, sql } from "@/lib/db";
import type { ActionResult } from "@/lib/admin/action-result";
import { recordAudit } from "@/lib/admin/audit";
import { guardAction, type Guarded } from "@/lib/admin/context";
import { getAdminOrder } from "@/lib/admin/orders/order-detail";
import { formatSum, formatTime } from "@/lib/admin/format";
import { approveRefund, cancelOrder, markFulfilled, recordRefundByHand, type Holder } from "@/lib/admin/orders/order-actions";
import { notifyOrderCancelled, refundLedgerPayment, resendInvoice, settleHold } from "@/lib/admin/provider-actions";
import { tDynamic } from "@/lib/admin/messages";
import { getLocale } from "@/lib/i18n/server";
import { parseMoney } from "@/lib/money/money";
import type { ProviderActionOutcome } from "@/lib/payments/provider";

type Target = { orderNumber: number; ledgerId: number | null };

function readTarget(form: unknown): Target | null {
  if (!(form instanceof FormData)) return null;
  const order = form.get("order");
  const ledger = form.get("ledger");
  if (typeof order !== "string" || !/^[1-9]\d{0,9}$/.test(order)) return null;
  if (ledger !== null && (typeof ledger !== "string" || !/^[1-9]\d{0,9}$/.test(ledger))) return null;
  return { orderNumber: Number(order), ledgerId: ledger === null ? null : Number(ledger) };
}

/** A typed amount in so'm ("125 000", "125000,50") → tiyin; null when it is not one (or not positive). */
function readSom(value: FormDataEntryValue): bigint | null {
  if (typeof value !== "string" || value.length > 40) return null;
  try {
    const tiyin = parseMoney(value, "UZS");
    return tiyin > 0n ? tiyin : null;
  } catch {
    return null;
  }
}

function done(orderNumber: number, message: string): ActionResult {
  revalidatePath(`/admin/orders/${orderNumber}`);
  return { ok: true, message };
}

async function holderText(guard: Guarded, holder: Holder): Promise<{ who: string; until: string | null }> {
  const locale = await getLocale();
  // Each provider's kinds of attempt have their message (`holder.payme_receipt`…); else its name and reference.
  const who = tDynamic(guard.t, `holder.${holder.kind}`, `${holder.provider} ${holder.reference}`, { reference: holder.reference });
  return { who, until: holder.until ? formatTime(holder.until, locale) : null };
}

/** A "refund by hand" flag's reason for people (`click_refused:-5017` → the text of `click_refused`, code kept). */
function refundByHandReason(guard: Guarded, why: string): string {
  const [word = "", detail] = why.split(":", 2);
  const text = tDynamic(guard.t, `refundByHand.reason.${word}`, word);
  return detail ? `${text}, ${detail}` : text;
}

async function providerFailure(guard: Guarded, outcome: Exclude<ProviderActionOutcome, { ok: true }>): Promise<ActionResult> {
  const { t } = guard;
  const locale = await getLocale();
  switch (outcome.reason) {
    case "not_available":
      return { ok: false, code: "not_available", error: t("action.notAvailable") };
    case "refund_in_cabinet":
      return { ok: false, code: "conflict", error: t("action.refundInCabinet") };
    case "refund_by_hand":
      return { ok: false, code: "conflict", error: t("action.refundByHandFlagged", { reason: refundByHandReason(guard, outcome.why) }) };
    case "already_refunded":
      return { ok: false, code: "conflict", error: t("action.alreadyRefunded") };
    case "no_hold":
      return { ok: false, code: "conflict", error: t("action.noHold") };
    case "no_phone":
      return { ok: false, code: "conflict", error: t("action.noPhone") };
    case "provider_error":
      return { ok: false, code: "provider_error", error: t("action.providerError", { code: outcome.code ?? "—", message: outcome.message[locale] }) };
    case "not_this_provider":
    case "not_found":
      return { ok: false, code: "not_found", error: t("error.notFound") };
  }
}

export async function markFulfilledAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  if (!target) return { ok: false, code: "invalid", error: t("error.invalid") };
  const outcome = await markFulfilled(sql(), target.orderNumber);
  if (!outcome.ok) {
    const error = outcome.reason === "cancelled" ? t("action.orderCancelled") : outcome.reason === "not_paid" ? t("action.notPaid") : t("error.notFound");
    return { ok: false, code: outcome.reason === "not_found" ? "not_found" : "conflict", error };
  }
  if (!outcome.changed) return { ok: true, message: t("action.fulfilAlready") };
  await recordAudit(sql(), { action: "order.fulfil", outcome: "ok", ip: guard.ip, target: `order:${target.orderNumber}` });
  return done(target.orderNumber, t("action.fulfilled"));
}

export async function approveRefundAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  if (!target?.ledgerId) return { ok: false, code: "invalid", error: t("error.invalid") };
  const outcome = await approveRefund(sql(), target.orderNumber, target.ledgerId);
  if (!outcome.ok) {
    return outcome.reason === "already_refunded"
      ? { ok: false, code: "conflict", error: t("action.alreadyRefunded") }
      : { ok: false, code: "not_found", error: t("error.notFound") };
  }
  if (!outcome.changed) return { ok: true, message: t("action.approveAlready") };
  await recordAudit(sql(), {
    action: "order.approve_refund",
    outcome: "ok",
    ip: guard.ip,
    target: `order:${target.orderNumber}`,
    detail: { ledgerId: target.ledgerId, provider: outcome.provider, amount: outcome.amount.toString() },
  });
  return done(target.orderNumber, t("action.approved"));
}

export async function refundAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  if (!target?.ledgerId) return { ok: false, code: "invalid", error: t("error.invalid") };
  // The amount field (so'm, for providers that refund partially); absent: all that is left.
  const typed = form instanceof FormData ? form.get("amount") : null;
  const amount = typed === null ? undefined : readSom(typed);
  if (amount === null) return { ok: false, code: "invalid", error: t("refund.amountInvalid") };
  const outcome = await refundLedgerPayment({ sql: sql(), ip: guard.ip, orderNumber: target.orderNumber, ledgerId: target.ledgerId, amount });
  if (!outcome.ok && outcome.reason === "no_refund") {
    return { ok: false, code: "not_available", error: t("action.refundOtherProvider", { provider: tDynamic(t, `provider.${outcome.provider}`, outcome.provider) }) };
  }
  if (!outcome.ok && outcome.reason === "bad_amount") {
    return { ok: false, code: "invalid", error: t("refund.amountTooLarge", { max: formatSum(outcome.left > 0n ? outcome.left : 0n, await getLocale()) }) };
  }
  revalidatePath(`/admin/orders/${target.orderNumber}`);
  if (!outcome.ok) return await providerFailure(guard, outcome);
  return done(target.orderNumber, t("action.refundStarted"));
}

/**
 * The merchant refunded a flagged payment by hand: form `order`, `ledger`, `amount` (so'm as
 * typed, "1 250 000" or "1250000,50"), `seen` (refunds of the payment the page showed).
 */
export async function refundByHandAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  const typed = form instanceof FormData ? form.get("amount") : null;
  const seen = form instanceof FormData ? form.get("seen") : null;
  if (!target?.ledgerId || typeof seen !== "string" || !/^\d{1,4}$/.test(seen)) return { ok: false, code: "invalid", error: t("error.invalid") };
  let amount: bigint;
  try {
    amount = typeof typed === "string" && typed.length <= 40 ? parseMoney(typed, "UZS") : -1n;
  } catch {
    amount = -1n;
  }
  if (amount <= 0n) return { ok: false, code: "invalid", error: t("action.refundByHandBadAmount") };
  const outcome = await recordRefundByHand(sql(), { orderNumber: target.orderNumber, ledgerId: target.ledgerId, amount, seenRefunds: Number(seen) });
  const locale = await getLocale();
  const detail = { ledgerId: target.ledgerId, amount: amount.toString() };
  const audit = (result: "ok" | "refused", extra: Record<string, string> = {}) =>
    recordAudit(sql(), { action: "order.refund_by_hand", outcome: result, ip: guard.ip, target: `order:${target.orderNumber}`, detail: { ...detail, ...extra } });
  if (!outcome.ok) {
    await audit("refused", { reason: outcome.reason });
    switch (outcome.reason) {
      case "not_flagged":
        return { ok: false, code: "conflict", error: t("action.refundByHandNotFlagged") };
      case "exceeds_paid":
        return { ok: false, code: "conflict", error: t("action.refundByHandExceeds", { amount: formatSum(await leftToRefund(target.orderNumber, target.ledgerId), locale) }) };
      default:
        return { ok: false, code: "not_found", error: t("error.notFound") };
    }
  }
  if (!outcome.changed) return { ok: true, message: t("action.refundByHandAlready") };
  await audit("ok", { provider: outcome.payment.provider, reference: outcome.payment.reference });
  return done(target.orderNumber, t("action.refundByHandRecorded", { amount: formatSum(amount, locale) }));
}

/** What is left to refund of one payment, for the refusal's message (the order page shows the same). */
async function leftToRefund(orderNumber: number, ledgerId: number): Promise<bigint> {
  const order = await getAdminOrder(db(), orderNumber);
  const entry = order?.ledger.find((row) => row.id === ledgerId);
  if (!order || !entry) return 0n;
  const ofPayment = entry.amount - entry.refundedSum;
  const ofOrder = order.paidAmount - order.refundedAmount;
  return ofPayment < ofOrder ? ofPayment : ofOrder;
}

export async function holdAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  const how = form instanceof FormData ? form.get("how") : null;
  if (!target || (how !== "confirm" && how !== "cancel")) return { ok: false, code: "invalid", error: t("error.invalid") };
  const outcome = await settleHold({ sql: sql(), ip: guard.ip, orderNumber: target.orderNumber, how });
  if (!outcome.ok) return await providerFailure(guard, outcome);
  return done(target.orderNumber, how === "confirm" ? t("action.holdConfirmed") : t("action.holdCancelled"));
}

export async function resendInvoiceAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  if (!target) return { ok: false, code: "invalid", error: t("error.invalid") };
  const provider = form instanceof FormData ? form.get("provider") : null;
  const outcome = await resendInvoice({ sql: sql(), ip: guard.ip, orderNumber: target.orderNumber, provider });
  if (!outcome.ok) return await providerFailure(guard, outcome);
  return done(target.orderNumber, t("action.invoiceSent"));
}

export async function cancelOrderAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const target = readTarget(form);
  if (!target) return { ok: false, code: "invalid", error: t("error.invalid") };
  const outcome = await cancelOrder(sql(), target.orderNumber);
  const audit = (result: "ok" | "refused", detail?: Record<string, string>) =>
    recordAudit(sql(), { action: "order.cancel", outcome: result, ip: guard.ip, target: `order:${target.orderNumber}`, detail });
  if (outcome.ok) {
    if (!outcome.changed) return { ok: true, message: t("action.cancelAlready") };
    await audit("ok");
    // Whatever of the providers' could still take money (unpaid receipts, SMS invoices) is withdrawn.
    await notifyOrderCancelled(target.orderNumber);
    return done(target.orderNumber, t("action.cancelled"));
  }
  switch (outcome.reason) {
    case "reserved": {
      await audit("refused", { reason: "reserved", holder: `${outcome.holder.provider}:${outcome.holder.kind}` });
      const { who, until } = await holderText(guard, outcome.holder);
      return { ok: false, code: "conflict", error: until ? t("action.cancelReserved", { who, until }) : t("action.cancelReservedNoEnd", { who }) };
    }
    case "paid": {
      await audit("refused", { reason: "paid" });
      return { ok: false, code: "conflict", error: t("action.cancelPaid", { amount: formatSum(outcome.paidNet, await getLocale()) }) };
    }
    default:
      return { ok: false, code: "not_found", error: t("error.notFound") };
  }
}
