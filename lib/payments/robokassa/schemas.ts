import { z } from "zod";
import { isShpName, type ShpParams } from "./signature";

/**
 * Wire schemas of what Robokassa (ResultURL) and the shopper's browser (SuccessURL, FailURL)
 * send us, as flat `{name: value}` maps from the query or the form body. Unknown parameters are
 * allowed (Robokassa adds fields over time); `Shp_*` are collected apart for the signature.
 */

const MAX_INV_ID = 2n ** 63n - 1n;

/** InvId as Robokassa sends it: a positive decimal integer without leading zeros, ≤ 2^63−1. */
export const invIdParam = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, "InvId must be a positive integer")
  // zod runs refinements after a failed regex too: only digits reach BigInt.
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) <= MAX_INV_ID, "InvId must be at most 2^63−1");

/** Roubles with a dot (`100.26`, `100.260000`); kept as text: the signature hashes it verbatim. */
export const outSumParam = z.string().regex(/^\d{1,17}(\.\d{1,8})?$/, "OutSum must be a decimal amount");

/** Hex of MD5 (32) … SHA512 (128), in either case. */
export const signatureParam = z.string().regex(/^[0-9A-Fa-f]{32,128}$/, "SignatureValue must be hex");

const optionalText = z.string().max(512).optional();

export const resultUrlParams = z.looseObject({
  OutSum: outSumParam,
  InvId: invIdParam,
  SignatureValue: signatureParam,
  Fee: optionalText,
  EMail: optionalText,
  PaymentMethod: optionalText,
  IncCurrLabel: optionalText,
  IsTest: optionalText,
});
export type ResultUrlParams = z.infer<typeof resultUrlParams>;

export const successUrlParams = z.looseObject({
  OutSum: outSumParam,
  InvId: invIdParam,
  SignatureValue: signatureParam,
  Culture: optionalText,
  IsTest: optionalText,
});
export type SuccessUrlParams = z.infer<typeof successUrlParams>;

/** FailURL carries no signature: it can only lead the shopper back to the order. */
export const failUrlParams = z.looseObject({
  InvId: invIdParam,
  OutSum: outSumParam.optional(),
  Culture: optionalText,
});
export type FailUrlParams = z.infer<typeof failUrlParams>;

export type FlatParams = Record<string, string>;

/**
 * `URLSearchParams` (query or form body) to a flat map. A repeated name is refused: which copy
 * Robokassa signed would be a guess, and a forged duplicate must not win.
 */
export function flattenParams(search: URLSearchParams): { ok: true; params: FlatParams } | { ok: false; duplicate: string } {
  const params: FlatParams = Object.create(null) as FlatParams;
  for (const [name, value] of search) {
    if (Object.hasOwn(params, name)) return { ok: false, duplicate: name };
    params[name] = value;
  }
  return { ok: true, params };
}

/** The `Shp_*` parameters, names and values as received. */
export function pickShp(params: FlatParams): ShpParams {
  return Object.fromEntries(Object.entries(params).filter(([name]) => isShpName(name)));
}
