import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/*
 * Robokassa's wire rules as the emulator reads them from the protocol file
 * (shared/docs/protocols/robokassa.md), written apart from the store's lib/payments/robokassa/:
 * a mistake in the store's signatures, amounts or Receipt encoding is then not repeated here,
 * and the tests that pay through the emulator catch it.
 */

/** The algorithms a Robokassa shop may choose (protocol file "Payment link / form"). */
export const emulatorHashNames = ["md5", "ripemd160", "sha1", "sha256", "sha384", "sha512"] as const;
export type EmulatorHash = (typeof emulatorHashNames)[number];

/** Lower-case hex of `text` (UTF-8), or `undefined` when this Node build lacks the algorithm — never another one. */
export function hexDigest(algorithm: EmulatorHash, text: string): string | undefined {
  try {
    return createHash(algorithm).update(Buffer.from(text, "utf8")).digest("hex");
  } catch {
    return undefined;
  }
}

export function canHash(algorithm: EmulatorHash): boolean {
  return hexDigest(algorithm, "robokassa") !== undefined;
}

/** `Shp_a=1:Shp_b=2`, names sorted by code unit, as Robokassa appends them to every signature. */
function shpTail(shp: Readonly<Record<string, string>>): string[] {
  return Object.keys(shp)
    .filter((name) => name.startsWith("Shp_"))
    .sort()
    .map((name) => `${name}=${shp[name]}`);
}

function joined(head: string[], shp: Readonly<Record<string, string>> = {}): string {
  return [...head, ...shpTail(shp)].join(":");
}

/** `MerchantLogin:OutSum:InvId[:OutSumCurrency][:UserIp][:Receipt]:Password1[:Shp_…]` (Receipt as sent, URL-encoded once). */
export function payLinkBase(fields: {
  login: string;
  outSum: string;
  invId: string;
  currency?: string;
  userIp?: string;
  receipt?: string;
  password1: string;
  shp: Readonly<Record<string, string>>;
}): string {
  const head = [fields.login, fields.outSum, fields.invId];
  if (fields.currency !== undefined) head.push(fields.currency);
  if (fields.userIp !== undefined) head.push(fields.userIp);
  if (fields.receipt !== undefined) head.push(fields.receipt);
  head.push(fields.password1);
  return joined(head, fields.shp);
}

/** ResultURL: `OutSum:InvId:Password2[:Shp_…]`. */
export const resultBase = (outSum: string, invId: string, password2: string, shp: Readonly<Record<string, string>>) =>
  joined([outSum, invId, password2], shp);

/** SuccessURL: `OutSum:InvId:Password1[:Shp_…]`. */
export const successBase = (outSum: string, invId: string, password1: string, shp: Readonly<Record<string, string>>) =>
  joined([outSum, invId, password1], shp);

/** OpStateExt: `MerchantLogin:InvoiceID:Password2`. */
export const opStateBase = (login: string, invoiceId: string, password2: string) => `${login}:${invoiceId}:${password2}`;

/** The signature Robokassa sends: upper-case hex. Throws only for an algorithm the module refused at start. */
export function signUpper(algorithm: EmulatorHash, base: string): string {
  const hex = hexDigest(algorithm, base);
  if (hex === undefined) throw new Error(`Robokassa emulator: ${algorithm} is unavailable`);
  return hex.toUpperCase();
}

/** Whether `received` is the hex of `base`, in either case, compared in constant time. */
export function signatureMatches(algorithm: EmulatorHash, base: string, received: string): boolean {
  const expected = hexDigest(algorithm, base);
  if (expected === undefined || !/^[0-9a-fA-F]+$/.test(received)) return false;
  const a = Buffer.from(expected, "ascii");
  const b = Buffer.from(received.toLowerCase(), "ascii");
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Roubles as written on the wire (`8.96`, `100.260000`, `10`) → kopeks; `undefined` for anything
 * else or for fractions of a kopek that are not zero.
 */
export function roublesToKopeks(text: string): bigint | undefined {
  const match = /^(\d{1,17})(?:\.(\d{1,8}))?$/.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? "").padEnd(8, "0");
  if (!/^0*$/.test(fraction.slice(2))) return undefined;
  return BigInt(match[1]!) * 100n + BigInt(fraction.slice(0, 2));
}

/** Kopeks → `123.45` (two decimals, dot). */
export function kopeksToRoubles(kopeks: bigint): string {
  const sign = kopeks < 0n ? "-" : "";
  const abs = kopeks < 0n ? -kopeks : kopeks;
  const cents = abs % 100n;
  return `${sign}${abs / 100n}.${cents < 10n ? "0" : ""}${cents}`;
}

/** Kopeks → `100.260000`: how live notifications write amounts. */
export function sixDecimals(kopeks: bigint): string {
  return `${kopeksToRoubles(kopeks)}0000`;
}

export type WireParams = Record<string, string>;

/** A query or form as a flat map; `undefined` when a name repeats (which copy was signed is a guess). */
export function wireParams(search: URLSearchParams): WireParams | undefined {
  const out = new Map<string, string>();
  for (const [name, value] of search) {
    if (out.has(name)) return undefined;
    out.set(name, value);
  }
  return Object.fromEntries(out);
}

/** The request's `Shp_*` parameters as received. */
export function shpOf(params: WireParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => name.startsWith("Shp_")));
}

/** InvId: 1 … 2^63−1, decimal, no leading zero. */
export const wireInvId = z
  .string()
  .regex(/^[1-9][0-9]*$/)
  .refine((value) => value.length < 20 && BigInt(value) <= 9_223_372_036_854_775_807n, "InvId out of range");

export const wireOutSum = z.string().refine((value) => roublesToKopeks(value) !== undefined, "OutSum must be roubles with a dot");

export const wireSignature = z.string().regex(/^[0-9A-Fa-f]{32,128}$/);

/** 54-FZ `tax` values (protocol file "Receipt"). */
export const receiptTax = z.enum(["none", "vat0", "vat10", "vat110", "vat20", "vat120", "vat5", "vat7", "vat105", "vat107", "vat22", "vat122"]);
export const receiptPaymentMethod = z.enum(["full_prepayment", "prepayment", "advance", "full_payment", "partial_payment", "credit", "credit_payment"]);
export const receiptPaymentObject = z.enum([
  "commodity",
  "excise",
  "job",
  "service",
  "gambling_bet",
  "gambling_prize",
  "lottery",
  "lottery_prize",
  "intellectual_activity",
  "payment",
  "agent_commission",
  "composite",
  "another",
]);
export const receiptSno = z.enum(["osn", "usn_income", "usn_income_outcome", "esn", "patent"]);

/**
 * The shop's sandbox credentials from APP_SECRET by the rule both sides follow (HMAC-SHA256 of
 * `tolov sandbox robokassa <label>` keyed with APP_SECRET, first 24 hex digits; the store's
 * lib/payments/robokassa/sandbox-credentials.ts seeds the same). Written here a second time so
 * the emulator loads no store code; a drift fails every test that pays through the emulator.
 */
export function derivedSandboxShop(appSecret: string) {
  const derive = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox robokassa ${label}`).digest("hex").substring(0, 24);
  return { login: "tolov-sandbox", password1: derive("test password 1"), password2: derive("test password 2"), password3: derive("password 3") };
}
