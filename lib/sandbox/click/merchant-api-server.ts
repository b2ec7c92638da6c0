import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http";
import type { ClickPaymentRecord, ClickRecords } from "./records";
import { merchantAuthDigest, readJsonFields, sameSecret, sumToTiyin, tashkentDay } from "./wire";

/**
 * Click's Merchant API as the emulator serves it under `/click/v2/merchant/` (protocol file,
 * "Merchant API"): Auth header check, invoice create and status, payment status, status by
 * merchant_trans_id, reversal. Negative `error_code`s below are the emulator's own (Click does
 * not publish its list); HTTP 401 for a bad Auth header, 404 for an unknown route, 400 for a
 * body that is not JSON — as Click's HTTP failures.
 */
export const emulatorErrors = {
  badRequest: { code: -8, note: "Error in request" },
  serviceNotFound: { code: -10, note: "Service not found" },
  notFound: { code: -5, note: "Not found" },
  badPhone: { code: -511, note: "Client not found" },
  reversalRefused: { code: -31, note: "Reversal is not possible for this payment" },
} as const;

export type MerchantApiCredentials = { serviceId: string; merchantUserId: string; secretKey: string };

export type MerchantApiDeps = {
  records: ClickRecords;
  credentials: () => MerchantApiCredentials;
  now: () => number;
  /** Where the shopper confirms an invoice (the page standing in for the Click app). */
  invoicePagePath: (token: string) => string;
  log: (message: string) => void;
};

/** `merchant_user_id:sha1(timestamp + secret_key):timestamp`, compared in constant time. */
export function isValidAuth(header: string | undefined, credentials: MerchantApiCredentials): boolean {
  if (!header || !credentials.secretKey) return false;
  const match = /^([^:]+):([0-9a-fA-F]{40}):(\d{10})$/.exec(header.trim());
  if (!match) return false;
  const [, user, digest, timestamp] = match;
  const expected = merchantAuthDigest(timestamp!, credentials.secretKey);
  return sameSecret(user!, credentials.merchantUserId) && sameSecret(expected, digest!.toLowerCase());
}

/** payment_status: 0 created, 1 processing, 2 success, < 0 error (−1 failed or cancelled, −2 reversed: the emulator's). */
export function paymentStatusCode(payment: ClickPaymentRecord): number {
  switch (payment.status) {
    case "new":
      return 0;
    case "processing":
    case "prepared":
      return 1;
    case "completed":
      return 2;
    case "reversed":
      return -2;
    default:
      return -1;
  }
}

const success = { error_code: 0, error_note: "Success" };
const refuse = (error: { code: number; note: string }) => ({ error_code: error.code, error_note: error.note });

/** Handles `/click/v2/merchant/…`; returns false for other paths. */
export async function handleMerchantApi(req: IncomingMessage, res: ServerResponse, url: URL, deps: MerchantApiDeps): Promise<boolean> {
  const prefix = "/click/v2/merchant/";
  if (!url.pathname.startsWith(prefix)) return false;
  const parts = url.pathname.slice(prefix.length).split("/").map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return "\u0000";
    }
  });
  const method = req.method ?? "GET";
  const credentials = deps.credentials();
  const body = method === "POST" ? await readBody(req, 16 * 1024) : "";
  const reply = (status: number, payload: Record<string, unknown>) => {
    deps.records.recordCall({ at: deps.now(), kind: "merchant-api", request: `${method} ${url.pathname}${body ? ` ${body}` : ""}`, response: JSON.stringify(payload), durationMs: 0 });
    sendJson(res, status, payload);
  };
  const done = (status: number, payload: Record<string, unknown>): true => {
    reply(status, payload);
    return true;
  };
  const header = req.headers.auth;
  if (!isValidAuth(Array.isArray(header) ? header[0] : header, credentials)) return done(401, { error_code: -16, error_note: "Unauthorized" });
  const ownService = (serviceId: string | undefined) => serviceId === credentials.serviceId;
  const [group, action, serviceId, first, second] = parts;
  const route = `${method} ${group}/${action ?? ""}`;

  if (route === "POST invoice/create" && parts.length === 2) {
    const fields = readJsonFields(body);
    if (!fields) return done(400, refuse(emulatorErrors.badRequest));
    const { service_id, amount, phone_number, merchant_trans_id } = fields;
    if (!ownService(service_id)) return done(200, refuse(emulatorErrors.serviceNotFound));
    const tiyin = amount === undefined ? null : sumToTiyin(amount);
    if (tiyin === null || tiyin <= 0n || !merchant_trans_id || merchant_trans_id.length > 64) return done(200, refuse(emulatorErrors.badRequest));
    if (!phone_number || !/^998\d{9}$/.test(phone_number)) return done(200, refuse(emulatorErrors.badPhone));
    const invoice = deps.records.createInvoice({ serviceId: service_id!, phoneNumber: phone_number, amount: tiyin, merchantTransId: merchant_trans_id, now: deps.now() });
    deps.log(`click: invoice ${invoice.invoiceId} for ${phone_number}: confirm at ${deps.invoicePagePath(invoice.token)}`);
    return done(200, { ...success, invoice_id: Number(invoice.invoiceId) });
  }
  if (route === "GET invoice/status" && parts.length === 4) {
    const invoice = first ? deps.records.invoiceById(first) : undefined;
    if (!ownService(serviceId)) return done(200, refuse(emulatorErrors.serviceNotFound));
    if (!invoice) return done(200, refuse(emulatorErrors.notFound));
    return done(200, { ...success, invoice_status: invoice.status, invoice_status_note: invoiceStatusNote(invoice.status) });
  }
  if (route === "GET payment/status" && parts.length === 4) {
    const payment = first ? deps.records.paymentByPaydocId(first) : undefined;
    if (!ownService(serviceId)) return done(200, refuse(emulatorErrors.serviceNotFound));
    if (!payment) return done(200, refuse(emulatorErrors.notFound));
    return done(200, { ...success, payment_id: Number(payment.clickPaydocId), payment_status: paymentStatusCode(payment) });
  }
  if (route === "GET payment/status_by_mti" && parts.length === 5) {
    if (!ownService(serviceId)) return done(200, refuse(emulatorErrors.serviceNotFound));
    if (!second || !/^\d{4}-\d{2}-\d{2}$/.test(second)) return done(200, refuse(emulatorErrors.badRequest));
    const payment = deps.records
      .paymentsByMerchantTransId(first ?? "")
      .find((candidate) => (candidate.status === "completed" || candidate.status === "reversed") && tashkentDay(candidate.completedAt ?? candidate.createdAt) === second);
    if (!payment) return done(200, refuse(emulatorErrors.notFound));
    return done(200, { ...success, payment_id: Number(payment.clickPaydocId), merchant_trans_id: payment.merchantTransId });
  }
  if (route === "DELETE payment/reversal" && parts.length === 4) {
    const payment = first ? deps.records.paymentByPaydocId(first) : undefined;
    if (!ownService(serviceId)) return done(200, refuse(emulatorErrors.serviceNotFound));
    if (!payment) return done(200, refuse(emulatorErrors.notFound));
    // Only a completed payment of the current reporting month (Tashkent) can be reversed.
    const sameMonth = tashkentDay(payment.completedAt ?? 0).slice(0, 7) === tashkentDay(deps.now()).slice(0, 7);
    if (payment.status !== "completed" || !sameMonth || !deps.records.updatePayment(payment.id, { status: "reversed", note: "reversed via the Merchant API" }, deps.now(), ["completed"])) {
      return done(200, refuse(emulatorErrors.reversalRefused));
    }
    return done(200, { ...success, payment_id: Number(payment.clickPaydocId) });
  }
  return done(404, refuse(emulatorErrors.notFound));
}

export function invoiceStatusNote(status: number): string {
  switch (status) {
    case 0:
      return "Waiting for the payer";
    case 1:
      return "Processing";
    case 2:
      return "Paid";
    case -99:
      return "Rejected by the payer";
    default:
      return "Payment failed";
  }
}
