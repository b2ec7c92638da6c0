import { createHash } from "node:crypto";
import { z } from "zod";
import { traceProviderCallOut } from "../../log/events";
import { formatClickAmount } from "./amount";
import { readFlatJsonObject } from "./raw-fields";

/**
 * Click's Merchant API (we call Click): invoices (pay by phone), payment status, reversal.
 * Protocol file, "Merchant API". Card-token endpoints are left out on purpose: they would put
 * card numbers on our server.
 */

/** Live and test base URL (the sandbox serves its own, see CLICK_API_URL in the environment). */
export const CLICK_MERCHANT_API_URL = "https://api.click.uz/v2/merchant/";

/**
 * `Auth: merchant_user_id:sha1(timestamp + secret_key):timestamp` with a 10-digit Unix
 * timestamp in seconds (`nowMs` in ms). Click's docs and library; the seed's md5 variant is wrong.
 */
export function clickAuthHeader(merchantUserId: string, secretKey: string, nowMs: number): string {
  const timestamp = String(Math.floor(nowMs / 1000));
  const digest = createHash("sha1").update(timestamp + secretKey, "utf8").digest("hex");
  return `${merchantUserId}:${digest}:${timestamp}`;
}

export type ClickApiFailureKind = "http" | "network" | "timeout" | "invalid_response";

/**
 * The call did not produce an answer from Click we can read: an HTTP status outside 2xx
 * (Click uses 400/401/403/404/406/410/500/502), no connection, no answer in time, or a body
 * that is not the documented JSON. Business refusals (a negative `error_code`) are results, not this.
 */
export class ClickMerchantApiError extends Error {
  constructor(
    readonly kind: ClickApiFailureKind,
    readonly endpoint: string,
    message: string,
    readonly status?: number,
    readonly errorCode?: number,
  ) {
    super(`Click Merchant API ${endpoint}: ${message}`);
    this.name = "ClickMerchantApiError";
  }
}

/** A negative `error_code` from Click: the call was understood and refused. */
export type ClickRefusal = { ok: false; reason: "click_error"; errorCode: number; errorNote: string };

const INT64_MAX = 2n ** 63n - 1n;
const id = z
  .string()
  .regex(/^(?:0|[1-9]\d{0,18})$/)
  .transform((value) => BigInt(value))
  .refine((value) => value <= INT64_MAX);
const int = z
  .string()
  .regex(/^-?\d{1,9}$/)
  .transform((value) => Number(value));
const envelope = { error_code: int, error_note: z.string().optional().default("") };

/** Responses after the flat-JSON read: every value is the literal text Click sent. */
export const invoiceCreateResponse = z.object({ ...envelope, invoice_id: id.optional() });
export const invoiceStatusResponse = z.object({
  ...envelope,
  invoice_status: int.optional(),
  invoice_status_note: z.string().optional().default(""),
});
export const paymentStatusResponse = z.object({ ...envelope, payment_id: id.optional(), payment_status: int.optional() });
export const paymentByMerchantTransIdResponse = z.object({ ...envelope, payment_id: id.optional(), merchant_trans_id: z.string().optional() });
export const reversalResponse = z.object({ ...envelope, payment_id: id.optional() });

/** payment_status: < 0 error, 0 created, 1 processing, 2 success (protocol file). */
export type ClickPaymentState = "failed" | "created" | "processing" | "succeeded" | "unknown";

export function clickPaymentState(status: number): ClickPaymentState {
  if (status < 0) return "failed";
  if (status === 0) return "created";
  if (status === 1) return "processing";
  if (status === 2) return "succeeded";
  return "unknown";
}

export type ClickMerchantClientOptions = {
  /** `https://api.click.uz/v2/merchant/` or the sandbox's; a trailing slash is added when missing. */
  baseUrl: string;
  serviceId: string;
  merchantUserId: string;
  secretKey: string;
  fetch?: typeof fetch;
  /** ms since the epoch (the Auth timestamp). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Per attempt; default 15 000 ms. */
  timeoutMs?: number;
  /** Extra attempts when a retry is safe; default 2. */
  retries?: number;
  /** Before the first retry, doubled after each; default 500 ms. */
  retryDelayMs?: number;
};

export type InvoiceCreated = { ok: true; invoiceId: bigint };
export type InvoiceStatus = { ok: true; invoiceStatus: number; invoiceStatusNote: string };
export type PaymentStatus = { ok: true; paymentId: bigint | null; paymentStatus: number; state: ClickPaymentState };
export type PaymentFound = { ok: true; paymentId: bigint; merchantTransId: string };
export type ReversalDone = { ok: true; paymentId: bigint };

export type ClickMerchantClient = {
  /** Pay by phone: Click pushes the invoice to the phone's Click app. `amount` in tiyin, `phoneNumber` 998XXXXXXXXX. Never retried once sent (a retry could push twice). */
  createInvoice(input: { amount: bigint; phoneNumber: string; merchantTransId: string }): Promise<InvoiceCreated | ClickRefusal>;
  invoiceStatus(invoiceId: bigint): Promise<InvoiceStatus | ClickRefusal>;
  /** `paymentId` is the callbacks' `click_paydoc_id`. */
  paymentStatus(paymentId: bigint): Promise<PaymentStatus | ClickRefusal>;
  /** The payment Click holds for our order number on a date (`YYYY-MM-DD`, Tashkent). */
  paymentByMerchantTransId(merchantTransId: string, date: string): Promise<PaymentFound | ClickRefusal>;
  /** Refund a whole payment (online card payments of this reporting month only). Never retried once sent. */
  reversePayment(paymentId: bigint): Promise<ReversalDone | ClickRefusal>;
};

type Call = { method: "GET" | "POST" | "DELETE"; path: string; body?: string; endpoint: string };

/** Connection refused: the request never reached Click, so even a non-idempotent call may be sent again. */
function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === "ECONNREFUSED";
}

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/** Phone numbers as Click takes them: 998 and nine digits. */
const PHONE = /^998\d{9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Tashkent date (UTC+5, no DST) of an instant, `YYYY-MM-DD`, for paymentByMerchantTransId. */
export function tashkentDate(ms: number): string {
  return new Date(ms + 5 * 3_600_000).toISOString().slice(0, 10);
}

export function createClickMerchantClient(options: ClickMerchantClientOptions): ClickMerchantClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
  const serviceId = encodeURIComponent(options.serviceId);

  /** One request, one line of the log (lib/log/events.ts): the endpoint and `ok` or `error:<kind>`. */
  function attempt(call: Call): Promise<Record<string, string>> {
    return traceProviderCallOut(
      { provider: "click", method: call.endpoint },
      () => attemptOnce(call),
      () => "ok",
      (error) => (error instanceof ClickMerchantApiError ? `error:${error.kind}` : "failed"),
    );
  }

  async function attemptOnce(call: Call): Promise<Record<string, string>> {
    let response: Response;
    try {
      response = await doFetch(new URL(call.path, base), {
        method: call.method,
        headers: {
          accept: "application/json",
          ...(call.body === undefined ? {} : { "content-type": "application/json" }),
          auth: clickAuthHeader(options.merchantUserId, options.secretKey, now()),
        },
        body: call.body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw new ClickMerchantApiError("timeout", call.endpoint, `no answer within ${timeoutMs} ms`);
      throw Object.assign(new ClickMerchantApiError("network", call.endpoint, "could not connect"), { cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      throw new ClickMerchantApiError(name === "TimeoutError" ? "timeout" : "network", call.endpoint, "the answer broke off", response.status);
    }
    const fields = readFlatJsonObject(text);
    if (!response.ok) {
      const code = fields.ok && fields.fields.error_code !== undefined ? Number(fields.fields.error_code) : undefined;
      throw new ClickMerchantApiError("http", call.endpoint, `HTTP ${response.status}`, response.status, Number.isFinite(code) ? code : undefined);
    }
    if (!fields.ok) throw new ClickMerchantApiError("invalid_response", call.endpoint, `the answer is not a flat JSON object (${fields.reason})`, response.status);
    return fields.fields;
  }

  /** One call with its retries: idempotent calls on any transient failure, others only when nothing was sent. */
  async function send(call: Call): Promise<Record<string, string>> {
    const idempotent = call.method === "GET";
    let delay = retryDelayMs;
    for (let attemptNo = 0; ; attemptNo++) {
      try {
        return await attempt(call);
      } catch (error) {
        if (!(error instanceof ClickMerchantApiError) || attemptNo >= retries) throw error;
        const transient =
          error.kind === "network" || error.kind === "timeout" || (error.kind === "http" && RETRYABLE_STATUSES.has(error.status ?? 0));
        const safe = idempotent ? transient : error.kind === "network" && neverSent(error.cause);
        if (!safe) throw error;
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  function parse<S extends z.ZodType>(schema: S, fields: Record<string, string>, endpoint: string): z.infer<S> {
    const parsed = schema.safeParse(fields);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.map(String).join(".") ?? "";
      throw new ClickMerchantApiError("invalid_response", endpoint, `unexpected answer (${field})`);
    }
    return parsed.data;
  }

  function refusal(data: { error_code: number; error_note: string }): ClickRefusal {
    return { ok: false, reason: "click_error", errorCode: data.error_code, errorNote: data.error_note };
  }

  function missing(endpoint: string, field: string): never {
    throw new ClickMerchantApiError("invalid_response", endpoint, `success without ${field}`);
  }

  return {
    async createInvoice({ amount, phoneNumber, merchantTransId }) {
      if (amount <= 0n) throw new RangeError("Click invoice amount must be a positive number of tiyin");
      if (!PHONE.test(phoneNumber)) throw new RangeError("Click invoice phone number must be 998 and nine digits");
      const endpoint = "invoice/create";
      // The amount goes out as a JSON number literal written from tiyin: no float on the way.
      const body =
        `{"service_id":${/^\d{1,20}$/.test(options.serviceId) ? options.serviceId : JSON.stringify(options.serviceId)},"amount":${formatClickAmount(amount)},` +
        `"phone_number":${JSON.stringify(phoneNumber)},"merchant_trans_id":${JSON.stringify(merchantTransId)}}`;
      const data = parse(invoiceCreateResponse, await send({ method: "POST", path: "invoice/create", body, endpoint }), endpoint);
      if (data.error_code !== 0) return refusal(data);
      return { ok: true, invoiceId: data.invoice_id ?? missing(endpoint, "invoice_id") };
    },

    async invoiceStatus(invoiceId) {
      const endpoint = "invoice/status";
      const data = parse(invoiceStatusResponse, await send({ method: "GET", path: `invoice/status/${serviceId}/${invoiceId}`, endpoint }), endpoint);
      if (data.error_code !== 0) return refusal(data);
      return { ok: true, invoiceStatus: data.invoice_status ?? missing(endpoint, "invoice_status"), invoiceStatusNote: data.invoice_status_note };
    },

    async paymentStatus(paymentId) {
      const endpoint = "payment/status";
      const data = parse(paymentStatusResponse, await send({ method: "GET", path: `payment/status/${serviceId}/${paymentId}`, endpoint }), endpoint);
      if (data.error_code !== 0) return refusal(data);
      const paymentStatus = data.payment_status ?? missing(endpoint, "payment_status");
      return { ok: true, paymentId: data.payment_id ?? null, paymentStatus, state: clickPaymentState(paymentStatus) };
    },

    async paymentByMerchantTransId(merchantTransId, date) {
      if (!DATE.test(date)) throw new RangeError("date must be YYYY-MM-DD");
      const endpoint = "payment/status_by_mti";
      // GET, never DELETE (a known bug in public integrations).
      const path = `payment/status_by_mti/${serviceId}/${encodeURIComponent(merchantTransId)}/${date}`;
      const data = parse(paymentByMerchantTransIdResponse, await send({ method: "GET", path, endpoint }), endpoint);
      if (data.error_code !== 0) return refusal(data);
      return { ok: true, paymentId: data.payment_id ?? missing(endpoint, "payment_id"), merchantTransId: data.merchant_trans_id ?? merchantTransId };
    },

    async reversePayment(paymentId) {
      const endpoint = "payment/reversal";
      const data = parse(reversalResponse, await send({ method: "DELETE", path: `payment/reversal/${serviceId}/${paymentId}`, endpoint }), endpoint);
      if (data.error_code !== 0) return refusal(data);
      return { ok: true, paymentId: data.payment_id ?? paymentId };
    },
  };
}
