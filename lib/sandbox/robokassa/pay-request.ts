import { z } from "zod";
import type { RobokassaSandboxCredentials } from "./credentials";
import {
  payLinkBase,
  receiptPaymentMethod,
  receiptPaymentObject,
  receiptSno,
  receiptTax,
  roublesToKopeks,
  shpOf,
  signatureMatches,
  wireInvId,
  wireOutSum,
  wireSignature,
  type WireParams,
} from "./wire";

/**
 * A payment request to the emulated `Merchant/Index.aspx`, checked as Robokassa checks it: the
 * shop's login, the Password1 signature over the values exactly as received (the Receipt still
 * URL-encoded once), the Receipt adding up to OutSum, the Description's length, the expiry.
 */
export const payRequestParams = z.looseObject({
  MerchantLogin: z.string().min(1).max(100),
  OutSum: wireOutSum,
  InvId: wireInvId,
  // Characters, not UTF-16 units: an emoji counts once, as in our own truncation.
  Description: z
    .string()
    .refine((value) => Array.from(value).length <= 100, "Description is longer than 100 characters")
    .default(""),
  SignatureValue: wireSignature,
  Culture: z.enum(["ru", "en"]).optional(),
  IsTest: z.enum(["0", "1"]).optional(),
  Email: z.string().max(100).optional(),
  ExpirationDate: z.string().max(40).optional(),
  Receipt: z.string().max(100_000).optional(),
  OutSumCurrency: z.string().max(10).optional(),
  UserIp: z.string().max(45).optional(),
  Encoding: z.string().optional(),
});

const receiptSchema = z.object({
  sno: receiptSno.optional(),
  items: z
    .array(
      z.object({
        name: z.string().min(1).max(128),
        quantity: z.number().positive(),
        sum: z.number().nonnegative(),
        tax: receiptTax,
        payment_method: receiptPaymentMethod.optional(),
        payment_object: receiptPaymentObject.optional(),
      }),
    )
    .min(1),
});

export type PayRequest = {
  invId: string;
  outSum: bigint;
  description: string;
  receiptJson?: string;
  shp: Record<string, string>;
  culture: "ru" | "en";
  email?: string;
  isTest: boolean;
};

export type PayRequestError = "params" | "merchant" | "signature" | "receipt" | "expired";

export function parsePayRequest(
  params: WireParams,
  credentials: RobokassaSandboxCredentials,
  now: number,
): { ok: true; request: PayRequest } | { ok: false; error: PayRequestError; detail: string } {
  const parsed = payRequestParams.safeParse(params);
  if (!parsed.success) return { ok: false, error: "params", detail: z.prettifyError(parsed.error) };
  const data = parsed.data;
  if (data.MerchantLogin !== credentials.login) return { ok: false, error: "merchant", detail: `unknown shop ${data.MerchantLogin}` };
  const shp = shpOf(params);
  const verified = signatureMatches(
    credentials.hash,
    payLinkBase({
      login: data.MerchantLogin,
      outSum: data.OutSum,
      invId: data.InvId,
      currency: data.OutSumCurrency,
      userIp: data.UserIp,
      receipt: data.Receipt,
      password1: credentials.password1,
      shp,
    }),
    data.SignatureValue,
  );
  if (!verified) {
    return { ok: false, error: "signature", detail: "SignatureValue does not match MerchantLogin:OutSum:InvId[:Receipt]:Password1[:Shp_…]" };
  }
  const outSum = roublesToKopeks(data.OutSum);
  if (outSum === undefined || outSum <= 0n) return { ok: false, error: "params", detail: "OutSum must be a positive amount in kopeks" };

  let receiptJson: string | undefined;
  if (data.Receipt !== undefined) {
    let receipt: z.infer<typeof receiptSchema>;
    try {
      receiptJson = decodeURIComponent(data.Receipt);
      receipt = receiptSchema.parse(JSON.parse(receiptJson));
    } catch {
      return { ok: false, error: "receipt", detail: "Receipt is not URL-encoded 54-FZ JSON" };
    }
    let total = 0n;
    for (const item of receipt.items) {
      const sum = roublesToKopeks(String(item.sum));
      if (sum === undefined) return { ok: false, error: "receipt", detail: `Receipt item sum ${item.sum} is not in kopeks` };
      total += sum;
    }
    if (total !== outSum) return { ok: false, error: "receipt", detail: `Receipt items add up to ${total} kopeks, OutSum is ${outSum}` };
  }

  if (data.ExpirationDate !== undefined) {
    const expires = Date.parse(data.ExpirationDate.replace(/(\.\d{3})\d+/, "$1"));
    if (Number.isNaN(expires)) return { ok: false, error: "params", detail: "ExpirationDate is not an ISO 8601 date" };
    if (expires <= now) return { ok: false, error: "expired", detail: "the invoice has expired" };
  }
  return {
    ok: true,
    request: {
      invId: data.InvId,
      outSum,
      description: data.Description,
      receiptJson,
      shp,
      culture: data.Culture ?? "ru",
      email: data.Email,
      isTest: data.IsTest === "1",
    },
  };
}
