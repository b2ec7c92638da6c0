import { createHmac } from "node:crypto";
import { safeEqualHex } from "../payments/signature";

/** The header every merchant webhook carries (README "Webhooks"). */
export const SIGNATURE_HEADER = "Tolov-Signature";

/** How far a signature's timestamp may be from the receiver's clock before it is refused (s). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Hex HMAC-SHA256 of `"<t>.<body>"` with the endpoint's secret. */
function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
}

/**
 * The `Tolov-Signature` value for a webhook body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">`, keyed with the endpoint's signing secret. `body` is the exact text sent.
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "mismatch" | "too_old" };

/**
 * Verifies a `Tolov-Signature` header against the raw body as received (never re-serialized
 * JSON): any `v1` entry may match (several while a secret is being rotated), compared in
 * constant time; a timestamp more than `toleranceSeconds` from `nowSeconds` is refused (replay).
 */
export function verifyWebhookSignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: "malformed" };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === "v1" && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: "malformed" };
  const expected = hmacHex(secret, timestamp, body);
  if (!signatures.some((signature) => safeEqualHex(signature, expected))) return { ok: false, reason: "mismatch" };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: "too_old" };
  return { ok: true, timestamp };
}
