import type { Locale } from "../../i18n/locales";
import type { FiscalDetail } from "./merchant-api/schemas";

/**
 * Payme's hosted checkout ("Инициализация платежей"): the same check sent as a POST form or as
 * a GET link. Pure functions: the caller supplies the settings and the order's numbers.
 */
export type PaymeCheckoutInput = {
  /** The checkout's base URL for the cashbox's mode (payme-urls.ts). */
  checkoutUrl: string;
  merchantId: string;
  /** Account object, e.g. `{order_id: "197"}` (the field name is a setting). */
  account: Readonly<Record<string, string>>;
  /** Tiyin. */
  amount: bigint;
  lang?: Locale;
  /** Return URL; Payme replaces `:transaction` and `:account.{field}` in it. */
  callback?: string;
  /** Milliseconds on Payme's success page before it returns the shopper to `callback`. */
  callbackTimeoutMs?: number;
  /** POST form only (the GET link has no such parameters). */
  description?: string;
  detail?: FiscalDetail;
};

export type PaymeCheckoutForm = {
  action: string;
  method: "POST";
  /** Flat `{name: value}`, in the order the hidden inputs are rendered. */
  fields: Record<string, string>;
};

function assertAmount(amount: bigint): void {
  if (amount <= 0n) throw new RangeError("Payme amount must be a positive number of tiyin");
}

/** Values of the GET link may not contain its separators; the POST form has no such limit. */
function assertLinkValue(name: string, value: string): void {
  if (value.includes(";")) throw new RangeError(`Payme GET link: ${name} must not contain ";"`);
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path}`;
}

/** `key=value` pairs joined by `;`, in the docs' order: m, ac.*, a, l, c, ct. */
export function paymeLinkParams(input: PaymeCheckoutInput): string {
  assertAmount(input.amount);
  const pairs: [string, string][] = [["m", input.merchantId]];
  for (const [field, value] of Object.entries(input.account)) pairs.push([`ac.${field}`, value]);
  pairs.push(["a", input.amount.toString()]);
  if (input.lang) pairs.push(["l", input.lang]);
  if (input.callback) pairs.push(["c", input.callback]);
  if (input.callbackTimeoutMs !== undefined) pairs.push(["ct", String(input.callbackTimeoutMs)]);
  for (const [name, value] of pairs) assertLinkValue(name, value);
  return pairs.map(([name, value]) => `${name}=${value}`).join(";");
}

/** `<checkout url>/` + base64(params): what the "pay by link" button and the QR code open. */
export function buildPaymeCheckoutLink(input: PaymeCheckoutInput): string {
  return joinUrl(input.checkoutUrl, Buffer.from(paymeLinkParams(input), "utf8").toString("base64"));
}

/** The POST form's hidden fields (`account[field]`, `detail` as base64 of its JSON). */
export function buildPaymeCheckoutForm(input: PaymeCheckoutInput): PaymeCheckoutForm {
  assertAmount(input.amount);
  const fields: Record<string, string> = { merchant: input.merchantId, amount: input.amount.toString() };
  for (const [field, value] of Object.entries(input.account)) fields[`account[${field}]`] = value;
  if (input.lang) fields.lang = input.lang;
  if (input.callback) fields.callback = input.callback;
  if (input.callbackTimeoutMs !== undefined) fields.callback_timeout = String(input.callbackTimeoutMs);
  if (input.description) fields.description = input.description;
  if (input.detail) fields.detail = Buffer.from(JSON.stringify(input.detail), "utf8").toString("base64");
  // Payme's form posts to the checkout's root ("https://checkout.paycom.uz/").
  return { action: joinUrl(input.checkoutUrl, ""), method: "POST", fields };
}
