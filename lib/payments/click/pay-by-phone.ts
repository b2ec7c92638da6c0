import { createHmac } from "node:crypto";
import { z } from "zod";
import type { SqlDatabase } from "../../db/sql";
import { takeRateSlot, type RateLimit } from "../../http/rate-limit";
import { settleOrder } from "../../orders/settlement";
import { safeEqual } from "../signature";
import { clickInvoicePhone, maskInvoicePhone } from "./invoice-phone";
import { ClickMerchantApiError, type ClickMerchantClient } from "./merchant-api";

/**
 * Pay by phone (issue 11 §3; protocol "Merchant API": `invoice/create`, `invoice/status`): the
 * order page asks Click to push an invoice for the outstanding amount to the Click app of the
 * **order's own phone** (never a number from the browser), then polls the invoice's status while
 * the order's own status follows the Prepare/Complete callbacks the payment brings.
 *
 * Limits, each taken in one atomic step (lib/http/rate-limit.ts), as Payme's payment links: one
 * invoice per order per minute, three per phone per hour whatever the order (anyone can place
 * orders with somebody else's number).
 *
 * The browser holds a signed handle `<invoice_id>.<order number>.<created ms>.<hmac>` (HMAC-SHA256
 * with a key derived from APP_SECRET): the status call answers only for an invoice this store
 * created for that order, and knows its age without a table.
 */
export const CLICK_INVOICES_PER_ORDER: RateLimit = { name: "click.invoice.order", max: 1, windowMs: 60_000 };
export const CLICK_INVOICES_PER_PHONE: RateLimit = { name: "click.invoice.phone", max: 3, windowMs: 3_600_000 };
/** An invoice not paid this long after it was sent is shown expired (the shopper may send a new one). */
export const CLICK_INVOICE_TTL_MS = 15 * 60_000;

export type PayByPhoneDeps = {
  sql: SqlDatabase;
  appSecret: string;
  /** The Merchant API client of the current mode, or null when Click's keys are not set. */
  client: () => Promise<ClickMerchantClient | null>;
  now?: () => number;
};

export const createInvoiceRequest = z.object({ orderId: z.string().min(1).max(64) }).strict();
export const invoiceStatusRequest = z.object({ orderId: z.string().min(1).max(64), invoice: z.string().min(1).max(200) }).strict();

export type InvoiceCreatedOutcome = { ok: true; invoice: string; phone: string; expiresAt: string };
export type PayByPhoneFailure =
  | { ok: false; reason: "invalid" | "not_found" | "no_phone" | "not_payable" | "not_configured" | "unavailable" }
  | { ok: false; reason: "too_soon"; retryAfterSeconds: number }
  | { ok: false; reason: "click_refused"; code: number };

/** What the page shows: `pending` keeps polling; `paid` waits for the order's status; the others end. */
export type InvoiceState = "pending" | "paid" | "rejected" | "expired" | "unknown";
export type InvoiceStatusOutcome = { ok: true; state: InvoiceState; orderPaid: boolean } | { ok: false; reason: "invalid" | "not_found" };

/** The HTTP status for a failure (the routes answer `{ok: false, reason, …}` with it). */
export function payByPhoneHttpStatus(failure: { reason: string }): number {
  switch (failure.reason) {
    case "not_found":
      return 404;
    case "not_payable":
      return 409;
    case "too_soon":
      return 429;
    case "not_configured":
    case "unavailable":
      return 503;
    case "click_refused":
      return 502;
    default:
      return 400;
  }
}

function handleKey(appSecret: string): Buffer {
  return createHmac("sha256", appSecret).update("tolov:click:invoice-handle").digest();
}

function sign(appSecret: string, body: string): string {
  return createHmac("sha256", handleKey(appSecret)).update(body).digest("base64url");
}

/** `<invoice_id>.<order number>.<created ms>.<hmac>`. */
export function signInvoiceHandle(appSecret: string, invoice: { invoiceId: bigint; orderNumber: number; createdAtMs: number }): string {
  const body = `${invoice.invoiceId}.${invoice.orderNumber}.${invoice.createdAtMs}`;
  return `${body}.${sign(appSecret, body)}`;
}

/** The handle's parts when its signature is ours, else null. */
export function readInvoiceHandle(appSecret: string, handle: string): { invoiceId: bigint; orderNumber: number; createdAtMs: number } | null {
  const match = /^([1-9]\d{0,19})\.([1-9]\d{0,9})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(handle);
  if (!match) return null;
  const [, invoiceId, orderNumber, createdAtMs, mac] = match;
  if (!safeEqual(mac!, sign(appSecret, `${invoiceId}.${orderNumber}.${createdAtMs}`))) return null;
  return { invoiceId: BigInt(invoiceId!), orderNumber: Number(orderNumber), createdAtMs: Number(createdAtMs) };
}

/**
 * Click's `invoice_status` as the page shows it. Click documents no table; the codes its
 * invoices take (and our emulator answers): 0 waiting, 1 being paid, 2 paid, negative: rejected
 * or cancelled. Still waiting after `CLICK_INVOICE_TTL_MS`: expired.
 */
export function invoiceState(input: { invoiceStatus: number; createdAtMs: number; nowMs: number }): InvoiceState {
  if (input.invoiceStatus >= 2) return "paid";
  if (input.invoiceStatus < 0) return "rejected";
  if (input.invoiceStatus === 0 && input.nowMs - input.createdAtMs > CLICK_INVOICE_TTL_MS) return "expired";
  return "pending";
}

type OrderRow = { number: unknown; customerPhone: string | null };

async function findOrder(sql: SqlDatabase, orderId: string): Promise<{ number: number; phone: string | null } | null> {
  const row = await sql.get<OrderRow>(`SELECT "number", "customerPhone" FROM "Order" WHERE "id" = ?`, [orderId]);
  return row ? { number: Number(row.number), phone: row.customerPhone } : null;
}

/**
 * Sends the order's own phone a Click invoice for the outstanding amount (tiyin; Click gets it as
 * `N.NN`), `merchant_trans_id` = the order number (the callbacks that follow name the order).
 * Failures: `not_found`, `no_phone` (none, or not `+998…`), `not_payable` (paid, cancelled,
 * reserved…), `too_soon` (the limits above), `not_configured`, `click_refused` (Click's error
 * code), `unavailable` (no answer; not retried — a retry could push twice).
 */
export async function createClickPhoneInvoice(deps: PayByPhoneDeps, input: unknown): Promise<InvoiceCreatedOutcome | PayByPhoneFailure> {
  const parsed = createInvoiceRequest.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const now = deps.now ?? Date.now;
  const order = await findOrder(deps.sql, parsed.data.orderId);
  if (!order) return { ok: false, reason: "not_found" };
  const phone = clickInvoicePhone(order.phone);
  if (!phone.ok) return { ok: false, reason: "no_phone" };
  const payable = await settleOrder(deps.sql, order.number, async (locked) => locked.checkPayable());
  if (!payable.ok || payable.outstanding <= 0n) return { ok: false, reason: "not_payable" };
  const client = await deps.client();
  if (!client) return { ok: false, reason: "not_configured" };
  const perOrder = await takeRateSlot(deps.sql, CLICK_INVOICES_PER_ORDER, parsed.data.orderId, now());
  if (!perOrder.ok) return { ok: false, reason: "too_soon", retryAfterSeconds: perOrder.retryAfterSeconds };
  const perPhone = await takeRateSlot(deps.sql, CLICK_INVOICES_PER_PHONE, phone.phoneNumber, now());
  if (!perPhone.ok) return { ok: false, reason: "too_soon", retryAfterSeconds: perPhone.retryAfterSeconds };
  let created;
  try {
    created = await client.createInvoice({ amount: payable.outstanding, phoneNumber: phone.phoneNumber, merchantTransId: String(order.number) });
  } catch (error) {
    if (error instanceof ClickMerchantApiError) return { ok: false, reason: "unavailable" };
    throw error;
  }
  if (!created.ok) return { ok: false, reason: "click_refused", code: created.errorCode };
  const createdAtMs = now();
  return {
    ok: true,
    invoice: signInvoiceHandle(deps.appSecret, { invoiceId: created.invoiceId, orderNumber: order.number, createdAtMs }),
    phone: maskInvoicePhone(phone.phoneNumber),
    expiresAt: new Date(createdAtMs + CLICK_INVOICE_TTL_MS).toISOString(),
  };
}

/**
 * The invoice's state for the page (`invoice/status`), and whether the order is paid already (the
 * callbacks may land before Click's invoice says so). `unknown` when Click does not answer: the
 * page keeps the order's own status, which the callbacks drive.
 */
export async function clickPhoneInvoiceStatus(deps: PayByPhoneDeps, input: unknown): Promise<InvoiceStatusOutcome> {
  const parsed = invoiceStatusRequest.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const handle = readInvoiceHandle(deps.appSecret, parsed.data.invoice);
  if (!handle) return { ok: false, reason: "not_found" };
  const order = await deps.sql.get<{ number: unknown; status: string }>(`SELECT "number", "status" FROM "Order" WHERE "id" = ?`, [parsed.data.orderId]);
  if (!order || Number(order.number) !== handle.orderNumber) return { ok: false, reason: "not_found" };
  const orderPaid = order.status === "paid";
  if (orderPaid) return { ok: true, state: "paid", orderPaid };
  const client = await deps.client();
  if (!client) return { ok: true, state: "unknown", orderPaid };
  try {
    const status = await client.invoiceStatus(handle.invoiceId);
    if (!status.ok) return { ok: true, state: "unknown", orderPaid };
    return { ok: true, state: invoiceState({ invoiceStatus: status.invoiceStatus, createdAtMs: handle.createdAtMs, nowMs: (deps.now ?? Date.now)() }), orderPaid };
  } catch (error) {
    if (error instanceof ClickMerchantApiError) return { ok: true, state: "unknown", orderPaid };
    throw error;
  }
}
