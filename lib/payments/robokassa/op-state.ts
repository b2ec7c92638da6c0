import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import type { RobokassaHashAlgorithm } from "./hash";
import { badUrl, parseUrl, requestText, type HttpOptions, type RobokassaTransportFailure } from "./http";
import { parseOutSum } from "./out-sum";
import { opStateSignatureBase, signRobokassa } from "./signature";

/**
 * OpStateExt (protocol file "Status and refunds"): the state of one invoice, signed
 * hash(MerchantLogin:InvoiceID:Password2), answered in XML.
 */

/** `Result/Code` values other than 0 (ok). */
export const opStateRefusalCodes = {
  1: "bad_signature",
  2: "shop_not_found",
  3: "operation_not_found",
  4: "duplicate_invoice",
  1000: "internal_error",
} as const;
export type OpStateRefusal = (typeof opStateRefusalCodes)[keyof typeof opStateRefusalCodes] | "unknown_code";

/** `State/Code` values. */
export const opStateCodes = {
  5: "initialised",
  10: "cancelled",
  20: "hold",
  50: "received",
  60: "returned",
  80: "suspended",
  100: "success",
} as const;
export type OpStateName = (typeof opStateCodes)[keyof typeof opStateCodes] | "unknown";

const text = z.string();
/** `<Tag/>` reads as "" — the same as an absent element. */
const element = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const code = z.string().regex(/^\d{1,9}$/).transform(Number);

export const opStateResponse = z.object({
  OperationStateResponse: z.object({
    Result: z.object({ Code: code, Description: element(text) }),
    State: element(z.object({ Code: code, RequestDate: element(text), StateDate: element(text) })),
    Info: element(
      z.object({
        IncCurrLabel: element(text),
        IncSum: element(text),
        IncAccount: element(text),
        PaymentMethod: element(z.object({ Code: element(text), Description: element(text) })),
        OutCurrLabel: element(text),
        OutSum: element(text),
        OpKey: element(text),
      }),
    ),
    UserField: element(z.object({ Field: element(z.array(z.object({ Name: text, Value: element(text) }))) })),
  }),
});

export type OpState = {
  stateCode: number;
  state: OpStateName;
  /** As Robokassa wrote them (ISO 8601 with offset). */
  requestDate?: string;
  stateDate?: string;
  /** Kopeks the shopper paid (`IncSum`) and the shop gets (`OutSum`), when readable. */
  incSum?: bigint;
  outSum?: bigint;
  incCurrLabel?: string;
  paymentMethod?: string;
  /** Needed to refund the payment. */
  opKey?: string;
  userFields: Record<string, string>;
};

export type OpStateResult =
  | { ok: true; found: OpState }
  | { ok: false; reason: "refused"; refusal: OpStateRefusal; code: number; description?: string }
  | { ok: false; reason: "hash_unavailable"; message: string }
  | RobokassaTransportFailure;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Every value stays text: codes and sums are validated and converted by the schema, exactly.
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, path) => path === "OperationStateResponse.UserField.Field",
});

function kopeks(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const parsed = parseOutSum(value);
  return parsed.ok ? parsed.kopeks : undefined;
}

/** Reads an OpStateExt answer (pure; exported for the emulator's tests and the admin's check). */
export function readOpStateXml(xml: string): OpStateResult {
  // Robokassa's answers have no DTD; refusing one keeps entity expansion out entirely.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, reason: "protocol", message: "OpStateExt answer has a DTD" };
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    return { ok: false, reason: "protocol", message: `OpStateExt answer is not XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = opStateResponse.safeParse(document);
  if (!parsed.success) return { ok: false, reason: "protocol", message: `OpStateExt answer in an unexpected shape: ${z.prettifyError(parsed.error)}` };
  const { Result, State, Info, UserField } = parsed.data.OperationStateResponse;
  if (Result.Code !== 0) {
    const refusal = (opStateRefusalCodes as Record<number, OpStateRefusal>)[Result.Code] ?? "unknown_code";
    return { ok: false, reason: "refused", refusal, code: Result.Code, description: Result.Description };
  }
  if (!State) return { ok: false, reason: "protocol", message: "OpStateExt answered code 0 without a State" };
  return {
    ok: true,
    found: {
      stateCode: State.Code,
      state: (opStateCodes as Record<number, OpStateName>)[State.Code] ?? "unknown",
      requestDate: State.RequestDate,
      stateDate: State.StateDate,
      incSum: kopeks(Info?.IncSum),
      outSum: kopeks(Info?.OutSum),
      incCurrLabel: Info?.IncCurrLabel,
      paymentMethod: Info?.PaymentMethod?.Code,
      opKey: Info?.OpKey,
      userFields: Object.fromEntries((UserField?.Field ?? []).map((field) => [field.Name, field.Value ?? ""])),
    },
  };
}

export type OpStateClientOptions = HttpOptions & {
  /** The full OpStateExt URL (`…/Merchant/WebService/Service.asmx/OpStateExt`) for the mode. */
  url: string;
  merchantLogin: string;
  /** Password2 of the mode (the test one outside live mode). */
  password2: string;
  hash: RobokassaHashAlgorithm;
};

/**
 * Asks Robokassa for the state of `invoiceId`. A read: safe to repeat. The admin's connection
 * check calls it with an unknown InvId: `operation_not_found` proves the signature was right,
 * `bad_signature` that it was not.
 */
export async function fetchOpState(options: OpStateClientOptions, invoiceId: bigint): Promise<OpStateResult> {
  const signature = signRobokassa(
    options.hash,
    opStateSignatureBase({ merchantLogin: options.merchantLogin, invoiceId: invoiceId.toString(), password2: options.password2 }),
  );
  if (!signature.ok) return { ok: false, reason: "hash_unavailable", message: signature.message };
  const url = parseUrl(options.url);
  if (!url) return badUrl(options.url);
  url.searchParams.set("MerchantLogin", options.merchantLogin);
  url.searchParams.set("InvoiceID", invoiceId.toString());
  url.searchParams.set("Signature", signature.hex);
  const answer = await requestText(url.toString(), { method: "GET", headers: { accept: "text/xml, application/xml" } }, options);
  return answer.ok ? readOpStateXml(answer.text) : answer;
}
