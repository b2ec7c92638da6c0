import type { RobokassaHashAlgorithm } from "./hash";
import { formatOutSum } from "./out-sum";
import { robokassaDescription } from "./receipt";
import { encodeReceipt, linkSignatureBase, signRobokassa, type ShpParams } from "./signature";

/**
 * Robokassa's payment interface (protocol file "Payment link / form"): the same signed
 * parameters as a POST form and as a GET link. Pure: the caller supplies the attempt's numbers
 * and the passwords of the provider's mode.
 */
export type RobokassaPaymentInput = {
  /** `…/Merchant/Index.aspx` for the provider's mode (sandbox emulator, or Robokassa's). */
  payUrl: string;
  merchantLogin: string;
  /** The attempt's OutSum in kopeks. */
  outSum: bigint;
  /** The attempt's InvId (1 … 2^63−1). */
  invId: bigint;
  /** Cut to 100 characters here. */
  description: string;
  culture?: "ru" | "en";
  /** Test mode: `IsTest=1`, and `password1` must be the test Password1. */
  isTest?: boolean;
  email?: string;
  /** When the invoice stops being payable. */
  expiresAt?: Date;
  /** The Receipt JSON (receipt.ts), not yet encoded. */
  receiptJson?: string;
  shp?: ShpParams;
  password1: string;
  hash: RobokassaHashAlgorithm;
};

export type RobokassaPaymentForm = {
  action: string;
  method: "POST";
  /** Flat `{name: value}` in the order the hidden inputs are rendered; Receipt encoded once. */
  fields: Record<string, string>;
};

export type RobokassaPaymentResult =
  | { ok: true; url: string; form: RobokassaPaymentForm }
  | { ok: false; reason: "hash_unavailable"; message: string }
  | { ok: false; reason: "invalid_input"; message: string };

const MAX_INV_ID = 2n ** 63n - 1n;

/**
 * `ExpirationDate` in the ISO 8601 form of Robokassa's examples
 * (`2026-12-01T01:30:00.0000000+00:00`), in UTC.
 */
export function formatExpirationDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}.0000000+00:00`;
}

/**
 * The signed form and link. `SignatureValue` = hash(MerchantLogin:OutSum:InvId[:Receipt]:
 * Password1[:Shp_…sorted]) with the Receipt URL-encoded once; the form posts that string (the
 * browser's form encoding is the transport's, undone by Robokassa before it checks), and the GET
 * link encodes it a second time.
 */
export function buildRobokassaPayment(input: RobokassaPaymentInput): RobokassaPaymentResult {
  if (input.outSum <= 0n) return { ok: false, reason: "invalid_input", message: "OutSum must be positive" };
  if (input.invId < 1n || input.invId > MAX_INV_ID) return { ok: false, reason: "invalid_input", message: "InvId must be 1 … 2^63−1" };
  if (!input.merchantLogin) return { ok: false, reason: "invalid_input", message: "MerchantLogin is not set" };
  if (!input.password1) return { ok: false, reason: "invalid_input", message: "Password1 is not set" };
  // Names we send are ours: plain Shp_ identifiers, so none can break the colon-joined signature.
  const badShp = Object.keys(input.shp ?? {}).find((name) => !/^Shp_[A-Za-z0-9_]+$/.test(name));
  if (badShp !== undefined) return { ok: false, reason: "invalid_input", message: `not a Shp_ parameter name: ${badShp}` };

  const outSum = formatOutSum(input.outSum);
  const invId = input.invId.toString();
  const receipt = input.receiptJson === undefined ? undefined : encodeReceipt(input.receiptJson);
  const signature = signRobokassa(
    input.hash,
    linkSignatureBase({ merchantLogin: input.merchantLogin, outSum, invId, receipt, password1: input.password1, shp: input.shp }),
  );
  if (!signature.ok) return { ok: false, reason: "hash_unavailable", message: signature.message };

  const fields: Record<string, string> = {
    MerchantLogin: input.merchantLogin,
    OutSum: outSum,
    InvId: invId,
    Description: robokassaDescription(input.description),
    SignatureValue: signature.hex,
    Encoding: "utf-8",
  };
  if (input.culture) fields.Culture = input.culture;
  if (input.isTest) fields.IsTest = "1";
  if (input.email) fields.Email = input.email;
  if (input.expiresAt) fields.ExpirationDate = formatExpirationDate(input.expiresAt);
  if (receipt !== undefined) fields.Receipt = receipt;
  for (const name of Object.keys(input.shp ?? {}).sort()) fields[name] = input.shp![name]!;

  return {
    ok: true,
    url: `${input.payUrl}?${new URLSearchParams(fields).toString()}`,
    form: { action: input.payUrl, method: "POST", fields },
  };
}
