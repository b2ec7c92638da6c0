import { z } from "zod";
import { localeSchema, type Locale } from "../../i18n/locales";

/**
 * A check as Payme's hosted checkout receives it ("Инициализация платежей"): the POST form's
 * fields or the GET link's `key=value;…` pairs, read into one shape.
 */
export type CheckoutRequest = {
  merchant: string;
  /** Tiyin. */
  amount: bigint;
  account: Record<string, string>;
  lang: Locale;
  callback?: string;
  callbackTimeoutMs: number;
  /** One text, or one per language (`description[ru]`…). */
  description?: string | Partial<Record<Locale, string>>;
  /** The POST form's `detail` (base64 JSON), decoded. */
  detail?: unknown;
};

/** Payme's check errors ("Ошибки отправки чека"). */
export const checkoutErrorCodes = {
  merchantNotFound: -31601,
  invalidField: -31610,
} as const;

export class CheckoutRequestError extends Error {
  constructor(
    readonly code: number,
    readonly field: string,
  ) {
    super(`invalid check field: ${field}`);
    this.name = "CheckoutRequestError";
  }
}

/** Payme's default wait on the success page when the check names none. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 15_000;
const MAX_CALLBACK_TIMEOUT_MS = 600_000;

const amountText = z.string().regex(/^\d{1,15}$/).refine((value) => BigInt(value) > 0n);
const accountValue = z.string().trim().min(1).max(128);
const accountField = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]{0,63}$/);
const callbackUrl = z
  .string()
  .max(2048)
  .refine((value) => /^https?:\/\/[^\s]+$/.test(value));
const timeoutText = z.string().regex(/^\d{1,7}$/);

function fail(field: string, code: number = checkoutErrorCodes.invalidField): never {
  throw new CheckoutRequestError(code, field);
}

type RawCheck = {
  merchant?: string;
  amount?: string;
  account: [string, string][];
  lang?: string;
  callback?: string;
  callbackTimeout?: string;
  description?: string | Partial<Record<Locale, string>>;
  detail?: string;
};

function validate(raw: RawCheck): CheckoutRequest {
  const merchant = raw.merchant?.trim();
  if (!merchant || merchant.length > 64) fail("merchant", checkoutErrorCodes.merchantNotFound);
  if (!amountText.safeParse(raw.amount ?? "").success) fail("amount");
  if (raw.account.length === 0) fail("account");
  const account: Record<string, string> = {};
  for (const [field, value] of raw.account) {
    if (!accountField.safeParse(field).success || !accountValue.safeParse(value).success) fail(`account.${field}`);
    account[field] = value.trim();
  }
  if (raw.callback !== undefined && raw.callback !== "" && !callbackUrl.safeParse(raw.callback).success) fail("callback");
  let callbackTimeoutMs = DEFAULT_CALLBACK_TIMEOUT_MS;
  if (raw.callbackTimeout !== undefined && raw.callbackTimeout !== "") {
    if (!timeoutText.safeParse(raw.callbackTimeout).success) fail("callback_timeout");
    callbackTimeoutMs = Math.min(Number(raw.callbackTimeout), MAX_CALLBACK_TIMEOUT_MS);
  }
  let detail: unknown;
  if (raw.detail) {
    try {
      detail = JSON.parse(Buffer.from(raw.detail, "base64").toString("utf8"));
    } catch {
      fail("detail");
    }
  }
  return {
    merchant,
    amount: BigInt(raw.amount!),
    account,
    // Payme ignores other values and speaks Russian by default.
    lang: localeSchema.safeParse(raw.lang).data ?? "ru",
    callback: raw.callback || undefined,
    callbackTimeoutMs,
    description: raw.description,
    detail,
  };
}

/** The POST form: `merchant`, `amount`, `account[field]`, `lang`, `callback`, … */
export function parseCheckoutForm(form: URLSearchParams): CheckoutRequest {
  const raw: RawCheck = { account: [] };
  const descriptions: Partial<Record<Locale, string>> = {};
  for (const [name, value] of form) {
    const accountMatch = /^account\[([^\]]*)\]$/.exec(name);
    const descriptionMatch = /^description\[(ru|uz|en)\]$/.exec(name);
    if (accountMatch) raw.account.push([accountMatch[1]!, value]);
    else if (descriptionMatch) descriptions[descriptionMatch[1] as Locale] = value;
    else if (name === "merchant") raw.merchant = value;
    else if (name === "amount") raw.amount = value;
    else if (name === "lang") raw.lang = value;
    else if (name === "callback") raw.callback = value;
    else if (name === "callback_timeout") raw.callbackTimeout = value;
    else if (name === "description") raw.description = value;
    else if (name === "detail") raw.detail = value;
  }
  if (!raw.description && Object.keys(descriptions).length > 0) raw.description = descriptions;
  return validate(raw);
}

/** Standard or URL-safe base64, padding optional; anything else is not a check. */
function decodeBase64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const decoded = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  return decoded.includes("\ufffd") ? undefined : decoded;
}

/** The GET link's path segment: base64 of `m=…;ac.order_id=…;a=…;l=…;c=…;ct=…`. */
export function parseCheckoutLink(encoded: string): CheckoutRequest {
  let text: string | undefined;
  try {
    text = decodeBase64(decodeURIComponent(encoded));
  } catch {
    text = undefined;
  }
  if (!text || !text.includes("=")) fail("link");
  const raw: RawCheck = { account: [] };
  for (const pair of text.split(";")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    if (equals <= 0) fail("link");
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (key.startsWith("ac.")) raw.account.push([key.slice(3), value]);
    else if (key === "m") raw.merchant = value;
    else if (key === "a") raw.amount = value;
    else if (key === "l") raw.lang = value;
    else if (key === "c") raw.callback = value;
    else if (key === "ct") raw.callbackTimeout = value;
    else if (key === "cr" && !["UZS", "860"].includes(value.toUpperCase())) fail("currency");
  }
  return validate(raw);
}

/** The return URL with Payme's placeholders filled in (`:transaction` is "null" without one). */
export function fillCallback(callback: string, transactionId: string | undefined, account: Record<string, string>): string {
  return callback
    .replace(/:account\.([A-Za-z0-9_]+)/g, (placeholder, field: string) =>
      Object.hasOwn(account, field) ? encodeURIComponent(account[field]!) : placeholder,
    )
    .replace(/:transaction/g, transactionId ?? "null");
}
