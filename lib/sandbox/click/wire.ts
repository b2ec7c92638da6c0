import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/*
 * The emulator's own reading and writing of Click's wire (protocol file, "Signatures", "Amounts",
 * "Merchant API"), written apart from the store's lib/payments/click/ on purpose: a mistake in the
 * store's signatures, amounts or parsing then shows up as a disagreement with the emulator
 * instead of being shared by both sides. Nothing here imports store code.
 */

/** A SHOP API endpoint. */
export type ShopEndpoint = "prepare" | "complete";

/** Click's decimal sum (`15000`, `15000.5`, `15000.00`) → tiyin; null for anything else (sign, exponent, leading zeros, > 2 decimals). */
export function sumToTiyin(text: string): bigint | null {
  const match = /^(0|[1-9][0-9]{0,14})(?:\.([0-9]{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, whole, cents = ""] = match;
  return BigInt(whole!) * 100n + BigInt(cents.padEnd(2, "0"));
}

/** Tiyin → Click's `N.NN`. */
export function tiyinToSum(tiyin: bigint): string {
  if (tiyin < 0n) throw new RangeError("a Click sum is never negative");
  const cents = tiyin % 100n;
  return `${tiyin / 100n}.${cents < 10n ? "0" : ""}${cents}`;
}

const TASHKENT_OFFSET_MS = 5 * 60 * 60 * 1000;

/** `YYYY-MM-DD` in Tashkent (UTC+5 all year). */
export function tashkentDay(ms: number): string {
  const local = new Date(ms + TASHKENT_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/**
 * `sign_string` of a Prepare (no `merchant_prepare_id`) or a Complete: MD5 hex of
 * click_trans_id + service_id + secret + merchant_trans_id [+ merchant_prepare_id] + amount + action + sign_time,
 * over the strings exactly as they go on the wire.
 */
export function shopSignString(
  fields: { click_trans_id: string; service_id: string; merchant_trans_id: string; merchant_prepare_id?: string; amount: string; action: string; sign_time: string },
  secretKey: string,
): string {
  const md5 = createHash("md5");
  for (const part of [fields.click_trans_id, fields.service_id, secretKey, fields.merchant_trans_id]) md5.update(part, "utf8");
  if (fields.merchant_prepare_id !== undefined) md5.update(fields.merchant_prepare_id, "utf8");
  for (const part of [fields.amount, fields.action, fields.sign_time]) md5.update(part, "utf8");
  return md5.digest("hex");
}

/** Equal strings, compared in time independent of where they differ (both hashed to equal lengths first). */
export function sameSecret(left: string, right: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(left), digest(right)) && left.length === right.length;
}

/** The Merchant API's `Auth` for a timestamp (seconds): `merchant_user_id:sha1(timestamp + secret):timestamp`. */
export function merchantAuthDigest(timestamp: string, secretKey: string): string {
  return createHash("sha1").update(`${timestamp}${secretKey}`, "utf8").digest("hex");
}

const NUMBER_AT = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * A flat JSON object whose numbers keep their literal text (`15000.00` stays `"15000.00"`, an
 * id above 2^53 stays exact): numbers outside strings are quoted before `JSON.parse`. Values
 * must be strings, numbers or null (null = absent); anything nested, a boolean or a repeated
 * key → null.
 */
export function readJsonFields(body: string): Record<string, string> | null {
  let quoted = "";
  let index = 0;
  while (index < body.length) {
    const char = body[index]!;
    if (char === '"') {
      let end = index + 1;
      while (end < body.length && body[end] !== '"') end += body[end] === "\\" ? 2 : 1;
      quoted += body.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    NUMBER_AT.lastIndex = index;
    const number = char === "-" || (char >= "0" && char <= "9") ? NUMBER_AT.exec(body) : null;
    if (number) {
      quoted += `"${number[0]}"`;
      index += number[0].length;
      continue;
    }
    quoted += char;
    index += 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(quoted);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const keys = [...quoted.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((match) => match[1]);
  if (new Set(keys).size !== keys.length) return null;
  const fields: Record<string, string> = Object.create(null);
  for (const [key, field] of Object.entries(value)) {
    if (field === null) continue;
    if (typeof field !== "string") return null;
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    fields[key] = field;
  }
  return fields;
}

/** The store's answer to a Prepare or a Complete, as Click reads it (ids as digit strings). */
const shopAnswerSchema = z.object({
  click_trans_id: z.string().regex(/^[0-9]{1,19}$/),
  merchant_trans_id: z.string(),
  merchant_prepare_id: z.string().optional(),
  merchant_confirm_id: z.string().optional(),
  error: z.string().regex(/^(0|-[1-9])$/),
  error_note: z.string().optional(),
});

export type ShopAnswerFields = {
  click_trans_id: bigint;
  merchant_trans_id: string;
  merchant_prepare_id?: string | null;
  merchant_confirm_id?: string | null;
  error: number;
  error_note: string;
};

/** The store's JSON answer (text) read as Click would, or null when it is not one. */
export function readShopAnswer(endpoint: ShopEndpoint, text: string): ShopAnswerFields | null {
  const fields = readJsonFields(text);
  const parsed = fields && shopAnswerSchema.safeParse(fields);
  if (!parsed?.success) return null;
  const answer = parsed.data;
  const reference = endpoint === "prepare" ? answer.merchant_prepare_id : answer.merchant_confirm_id;
  return {
    click_trans_id: BigInt(answer.click_trans_id),
    merchant_trans_id: answer.merchant_trans_id,
    ...(endpoint === "prepare" ? { merchant_prepare_id: reference ?? null } : { merchant_confirm_id: reference ?? null }),
    error: Number(answer.error),
    error_note: answer.error_note ?? "",
  };
}
