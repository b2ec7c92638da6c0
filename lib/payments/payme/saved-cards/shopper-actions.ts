"use server";

// The card form's server actions (components/payme-card), Payme's own module: the order page
// takes them from lib/payments/shopper-actions.ts and passes them down to the client components
// as props. Each one is a public POST endpoint:
// it validates its input, re-reads the order from the database (amounts and the payer's phone
// never come from the browser) and answers `{ok: true, …} | {ok: false, error}` with a sentence
// in every language. Card numbers, expiry and SMS codes never come here: the browser sends them
// to Payme only, and passes us Payme's token.
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { sql } from "../../../db";
import { env } from "../../../env";
import { clientAddress } from "../../../http/client-address";
import { loadTrustedProxies } from "../../../http/trusted-proxies";
import { failure, type ReceiptFailure, type ReceiptResult } from "../receipts/outcome";
import {
  createCardReceipt,
  DEVICE_COOKIE,
  deviceCookie,
  loadCardFormState,
  newDeviceId,
  parseDeviceId,
  payOrderWithNewCard,
  payOrderWithSavedCard,
  paymeSettingsNow,
  removeShopperCard,
  runSandboxReceiptAction,
  sendOrderPaymentLink,
  type CardFormState,
  type CardPaymentResult,
  type CardFailure,
  type SavedCardView,
} from ".";

const invalid: ReceiptFailure = failure("invalid_input");

const orderId = z.string().min(1).max(64);

async function deviceId(): Promise<string | undefined> {
  return parseDeviceId((await cookies()).get(DEVICE_COOKIE)?.value) ?? undefined;
}

/** This browser's device id, issuing the cookie now if it has none (only when a card is saved). */
async function ensureDeviceId(): Promise<string> {
  const existing = await deviceId();
  if (existing) return existing;
  const id = newDeviceId();
  (await cookies()).set(deviceCookie(id, env().PUBLIC_URL));
  return id;
}

/** The shopper's address for Payme's anti-fraud, behind the proxies the merchant trusts. */
async function payerIp(): Promise<string> {
  const trusted = [...(await loadTrustedProxies(sql())), ...(await paymeSettingsNow()).trustedProxies];
  return clientAddress(await headers(), trusted).slice(0, 64);
}

export type CardFormStateResult = { ok: true; state: CardFormState } | ReceiptFailure;

/** What the form needs first: the Subscribe endpoint and cashbox id (public), this browser's saved cards. */
export async function loadCardForm(input: { orderId: string }): Promise<CardFormStateResult> {
  const parsed = z.object({ orderId }).safeParse(input);
  if (!parsed.success) return invalid;
  const state = await loadCardFormState(parsed.data.orderId, await deviceId());
  if (!state) return failure("order_not_found");
  return { ok: true, state };
}

/** receipts.create for what the order owes now (a hold only where hold-policy.ts allows it). */
export async function startCardPayment(input: { orderId: string; hold?: boolean }): Promise<ReceiptResult | CardFailure> {
  const parsed = z.object({ orderId, hold: z.boolean().optional() }).safeParse(input);
  if (!parsed.success) return invalid;
  return createCardReceipt(parsed.data);
}

/** receipts.pay with the token the browser got from Payme; with `save`, keeps the card under a PIN. */
export async function payWithCard(input: {
  orderId: string;
  receiptId: string;
  token: string;
  save?: { pin: string };
}): Promise<CardPaymentResult> {
  const parsed = z
    .object({
      orderId,
      receiptId: z.string().min(1).max(64),
      token: z.string().min(1).max(4096),
      save: z.object({ pin: z.string().regex(/^\d{4}$/) }).optional(),
    })
    .safeParse(input);
  if (!parsed.success) return invalid;
  const device = parsed.data.save ? await ensureDeviceId() : undefined;
  return payOrderWithNewCard(parsed.data, { ip: await payerIp(), deviceId: device });
}

/** Pays with a card saved on this browser for the order's phone, after its PIN. */
export async function payWithSavedCard(input: { orderId: string; cardId: string; pin: string; hold?: boolean }): Promise<CardPaymentResult> {
  const parsed = z
    .object({ orderId, cardId: z.string().min(1).max(64), pin: z.string().max(16), hold: z.boolean().optional() })
    .safeParse(input);
  if (!parsed.success) return invalid;
  return payOrderWithSavedCard(parsed.data, { ip: await payerIp(), deviceId: await deviceId() });
}

export async function removeSavedCard(input: {
  orderId: string;
  cardId: string;
}): Promise<{ ok: true; removed: SavedCardView } | CardFailure | ReceiptFailure> {
  const parsed = z.object({ orderId, cardId: z.string().min(1).max(64) }).safeParse(input);
  if (!parsed.success) return invalid;
  return removeShopperCard(parsed.data, await deviceId());
}

/** Payme texts a payment link to the order's own phone (receipts.send). */
export async function sendPaymentLink(input: { orderId: string }): Promise<{ ok: true; phone: string } | CardFailure | ReceiptFailure> {
  const parsed = z.object({ orderId }).safeParse(input);
  if (!parsed.success) return invalid;
  const sent = await sendOrderPaymentLink(parsed.data);
  return sent.ok ? { ok: true, phone: sent.phone } : sent;
}

/** Sandbox only (checked inside): confirm or release a hold, refund a card payment — for QA. */
export async function sandboxReceiptAction(input: {
  orderId: string;
  action: "confirm_hold" | "cancel_hold" | "refund";
}): Promise<ReceiptResult | CardFailure> {
  const parsed = z.object({ orderId, action: z.enum(["confirm_hold", "cancel_hold", "refund"]) }).safeParse(input);
  if (!parsed.success) return invalid;
  return runSandboxReceiptAction(parsed.data);
}
