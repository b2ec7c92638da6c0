import { safeEqual } from "../secret-box";
import { robokassaHash, type HashResult, type RobokassaHashAlgorithm } from "./hash";

/**
 * Robokassa's signature strings (protocol file "Payment link", "ResultURL", "SuccessURL",
 * "Status"). Each builder returns the colon-joined text that is hashed; it contains a password,
 * so it is never logged.
 */

/** Custom parameters, by full name (`Shp_login`), exactly as sent or received. */
export type ShpParams = Readonly<Record<string, string>>;

const SHP_NAME = /^shp_/i;

export function isShpName(name: string): boolean {
  return SHP_NAME.test(name);
}

/**
 * `Shp_a=1`, `Shp_b=2`… sorted by name in code-unit order (what PHP's `ksort` and Robokassa do;
 * `localeCompare` would order differently for some names).
 */
export function sortedShpPairs(shp: ShpParams): string[] {
  return Object.keys(shp)
    .filter(isShpName)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}=${shp[name]}`);
}

function join(parts: readonly (string | undefined)[], shp: ShpParams | undefined): string {
  return [...parts.filter((part): part is string => part !== undefined), ...sortedShpPairs(shp ?? {})].join(":");
}

export type LinkSignatureInput = {
  merchantLogin: string;
  /** Exactly the `OutSum` value sent (e.g. "8.96"). */
  outSum: string;
  invId: string;
  /** Only when sent; goes right after InvId (IncCurrLabel never enters the signature). */
  outSumCurrency?: string;
  userIp?: string;
  /** The Receipt JSON URL-encoded once (`encodeReceipt`), exactly as the form sends it. */
  receipt?: string;
  password1: string;
  shp?: ShpParams;
};

/** `MerchantLogin:OutSum:InvId[:OutSumCurrency][:UserIp][:Receipt]:Password1[:Shp_…sorted]`. */
export function linkSignatureBase(input: LinkSignatureInput): string {
  return join(
    [input.merchantLogin, input.outSum, input.invId, input.outSumCurrency, input.userIp, input.receipt, input.password1],
    input.shp,
  );
}

/** ResultURL: `OutSum:InvId:Password2[:Shp_…sorted]`, OutSum exactly as received; no Receipt. */
export function resultSignatureBase(input: { outSum: string; invId: string; password2: string; shp?: ShpParams }): string {
  return join([input.outSum, input.invId, input.password2], input.shp);
}

/** SuccessURL: `OutSum:InvId:Password1[:Shp_…sorted]`. */
export function successSignatureBase(input: { outSum: string; invId: string; password1: string; shp?: ShpParams }): string {
  return join([input.outSum, input.invId, input.password1], input.shp);
}

/** OpStateExt: `MerchantLogin:InvoiceID:Password2`. */
export function opStateSignatureBase(input: { merchantLogin: string; invoiceId: string; password2: string }): string {
  return join([input.merchantLogin, input.invoiceId, input.password2], undefined);
}

/** The Receipt JSON as it is signed and posted: URL-encoded once (a GET link encodes it again). */
export function encodeReceipt(receiptJson: string): string {
  return encodeURIComponent(receiptJson);
}

/** Lower-case hex signature of `base` (Robokassa accepts either case from us). */
export function signRobokassa(algorithm: RobokassaHashAlgorithm, base: string): HashResult {
  return robokassaHash(algorithm, base);
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: "bad_signature" }
  | { ok: false; reason: "hash_unavailable"; message: string };

/**
 * Compares a received `SignatureValue` with ours: case-insensitively (Robokassa sends upper
 * case) and in constant time. A value that is not hex of the right length is simply wrong.
 */
export function verifyRobokassaSignature(algorithm: RobokassaHashAlgorithm, base: string, received: string): VerifyResult {
  const expected = robokassaHash(algorithm, base);
  if (!expected.ok) return { ok: false, reason: "hash_unavailable", message: expected.message };
  return safeEqual(received.toLowerCase(), expected.hex) ? { ok: true } : { ok: false, reason: "bad_signature" };
}
