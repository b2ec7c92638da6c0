import { createHash, timingSafeEqual } from "node:crypto";

/** The strings of a callback that its `sign_string` covers, exactly as Click sent them. */
export type ClickSignedFields = {
  click_trans_id: string;
  service_id: string;
  merchant_trans_id: string;
  /** Complete only. */
  merchant_prepare_id?: string;
  amount: string;
  action: string;
  sign_time: string;
};

/**
 * Click's `sign_string` (protocol file, "Signatures"): lowercase MD5 hex of
 *   Prepare:  click_trans_id + service_id + SECRET_KEY + merchant_trans_id + amount + action + sign_time
 *   Complete: click_trans_id + service_id + SECRET_KEY + merchant_trans_id + merchant_prepare_id + amount + action + sign_time
 * Complete is told apart by `merchant_prepare_id` being present. The strings are the raw ones
 * as received: a reformatted amount (`15000` → `15000.00`) gives another hash.
 */
export function clickSignString(fields: ClickSignedFields, secretKey: string): string {
  const parts = [fields.click_trans_id, fields.service_id, secretKey, fields.merchant_trans_id];
  if (fields.merchant_prepare_id !== undefined) parts.push(fields.merchant_prepare_id);
  parts.push(fields.amount, fields.action, fields.sign_time);
  return createHash("md5").update(parts.join(""), "utf8").digest("hex");
}

/**
 * Whether `signString` is the callback's signature under `secretKey`, compared in constant
 * time. Hex case is ignored (some senders upper-case it). False for an empty secret, so an
 * unconfigured cashbox never accepts a callback.
 */
export function isValidClickSignature(fields: ClickSignedFields, signString: string, secretKey: string): boolean {
  if (!secretKey) return false;
  return constantTimeEqual(clickSignString(fields, secretKey), signString.toLowerCase());
}

/**
 * Constant-time string compare over equal-length buffers (timingSafeEqual throws otherwise).
 * Local for now: the shared helper in lib/payments (developer `registry`) replaces it at merge.
 */
export function constantTimeEqual(expected: string, actual: string): boolean {
  const left = Buffer.from(expected, "utf8");
  const right = Buffer.from(actual, "utf8");
  // Compare against ourselves when the lengths differ, so the time does not depend on the input.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}
