import { z } from "zod";
import { parseClickAmount } from "./amount";
import { clickErrorCodes, clickErrorNote, type ClickErrorCode } from "./errors";
import { readClickFields } from "./raw-fields";
import { isValidClickSignature, type ClickSignedFields } from "./signature";

/**
 * The SHOP API wire messages (Click calls us), one schema per message. Every request field
 * stays the raw string Click sent (the signature covers those); `click_trans_id` and
 * `click_paydoc_id` are decoded to bigint (real ids exceed 2^31, and may one day exceed 2^53).
 */

const INT64_MAX = 2n ** 63n - 1n;

/**
 * A 64-bit id as canonical decimal digits → bigint. No leading zeros, so `String(id)` is the
 * raw string again (the signature covers it).
 */
const bigintId = z
  .string()
  .regex(/^(?:0|[1-9]\d{0,18})$/, "expected decimal digits")
  .transform((value) => BigInt(value))
  .refine((value) => value <= INT64_MAX, "out of range");

/** Printable text without control characters (NUL breaks SQL, newlines break logs). */
const printable = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]+$/, "unprintable");

const commonFields = {
  click_trans_id: bigintId,
  service_id: z.string().regex(/^\d{1,20}$/),
  click_paydoc_id: bigintId,
  merchant_trans_id: printable(64),
  /** Raw; parsed to tiyin by parseClickAmount after the signature check. */
  amount: printable(40),
  /** Raw; 0 Prepare, 1 Complete, anything else -3 after the signature check. */
  action: z.string().regex(/^-?\d{1,9}$/),
  /** Click's own status of the payment; ≤ -1 on Complete is a cancellation. */
  error: z
    .string()
    .regex(/^-?\d{1,9}$/)
    .transform((value) => Number(value)),
  error_note: z.string().max(1000).optional().default(""),
  sign_time: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  sign_string: z.string().min(1).max(128),
};

export const clickPrepareRequest = z.object(commonFields);
export const clickCompleteRequest = z.object({ ...commonFields, merchant_prepare_id: printable(64) });

export type ClickPrepareRequest = z.infer<typeof clickPrepareRequest>;
export type ClickCompleteRequest = z.infer<typeof clickCompleteRequest>;
export type ClickEndpoint = "prepare" | "complete";

/** Our answer to Prepare (protocol file, "Responses"). Ids as bigint / decimal strings; see serializeClickAnswer. */
export type ClickPrepareAnswer = {
  click_trans_id: bigint | null;
  merchant_trans_id: string | null;
  merchant_prepare_id: string | null;
  error: ClickErrorCode;
  error_note: string;
};

/** Our answer to Complete: `merchant_confirm_id`, never `merchant_prepare_id` (a known bug elsewhere). */
export type ClickCompleteAnswer = {
  click_trans_id: bigint | null;
  merchant_trans_id: string | null;
  merchant_confirm_id: string | null;
  error: ClickErrorCode;
  error_note: string;
};

export type ClickAnswer = ClickPrepareAnswer | ClickCompleteAnswer;

/** Numbers or digit strings on the wire (Click's own library echoes strings); decoded to bigint. */
const wireId = z.union([
  z.number().int().nonnegative().transform((value) => BigInt(value)),
  z.string().regex(/^\d{1,19}$/).transform((value) => BigInt(value)),
]);
const wireOptionalRef = z.union([z.number().int().transform(String), z.string(), z.null()]).optional().transform((value) => value ?? null);
const wireErrorCode = z.literal(Object.values(clickErrorCodes));

/** Prepare's answer as a Click-side reader (the emulator) parses it. */
export const clickPrepareAnswerSchema = z.object({
  click_trans_id: wireId,
  merchant_trans_id: z.union([z.string(), z.number().transform(String)]),
  merchant_prepare_id: wireOptionalRef,
  error: wireErrorCode,
  error_note: z.string().optional().default(""),
});

/** Complete's answer as a Click-side reader (the emulator) parses it. */
export const clickCompleteAnswerSchema = z.object({
  click_trans_id: wireId,
  merchant_trans_id: z.union([z.string(), z.number().transform(String)]),
  merchant_confirm_id: wireOptionalRef,
  error: wireErrorCode,
  error_note: z.string().optional().default(""),
});

/** An answer with `code`, echoing what the request let us read. */
export function prepareAnswer(
  code: ClickErrorCode,
  echo: { clickTransId: bigint | null; merchantTransId: string | null },
  merchantPrepareId: string | null = null,
): ClickPrepareAnswer {
  return {
    click_trans_id: echo.clickTransId,
    merchant_trans_id: echo.merchantTransId,
    merchant_prepare_id: merchantPrepareId,
    error: code,
    error_note: clickErrorNote(code),
  };
}

export function completeAnswer(
  code: ClickErrorCode,
  echo: { clickTransId: bigint | null; merchantTransId: string | null },
  merchantConfirmId: string | null = null,
): ClickCompleteAnswer {
  return {
    click_trans_id: echo.clickTransId,
    merchant_trans_id: echo.merchantTransId,
    merchant_confirm_id: merchantConfirmId,
    error: code,
    error_note: clickErrorNote(code),
  };
}

/**
 * The answer as JSON text. Ids go out as JSON number literals written from their digits (a
 * bigint never passes through a float); an id of ours that is not all digits goes out as a string.
 */
export function serializeClickAnswer(answer: ClickAnswer): string {
  const id = (value: bigint | string | null): string =>
    value === null ? "null" : typeof value === "bigint" || /^\d{1,19}$/.test(value) ? String(value) : JSON.stringify(value);
  const parts = [
    `"click_trans_id":${id(answer.click_trans_id)}`,
    `"merchant_trans_id":${answer.merchant_trans_id === null ? "null" : JSON.stringify(answer.merchant_trans_id)}`,
    "merchant_confirm_id" in answer
      ? `"merchant_confirm_id":${id(answer.merchant_confirm_id)}`
      : `"merchant_prepare_id":${id(answer.merchant_prepare_id)}`,
    `"error":${answer.error}`,
    `"error_note":${JSON.stringify(answer.error_note)}`,
  ];
  return `{${parts.join(",")}}`;
}

export type ParsedClickCallback<E extends ClickEndpoint> = E extends "prepare" ? ClickPrepareRequest : ClickCompleteRequest;

export type ParseCallbackResult<E extends ClickEndpoint> =
  | { ok: true; request: ParsedClickCallback<E> }
  | { ok: false; answer: E extends "prepare" ? ClickPrepareAnswer : ClickCompleteAnswer; reason: string };

/** The echo fields of a bad request, as far as they can be read (never throws). */
function echoOf(fields: Record<string, string>): { clickTransId: bigint | null; merchantTransId: string | null } {
  const id = bigintId.safeParse(fields.click_trans_id);
  const mti = printable(64).safeParse(fields.merchant_trans_id);
  return { clickTransId: id.success ? id.data : null, merchantTransId: mti.success ? mti.data : null };
}

function failure<E extends ClickEndpoint>(endpoint: E, code: ClickErrorCode, fields: Record<string, string>, reason: string): ParseCallbackResult<E> {
  const echo = echoOf(fields);
  const answer = endpoint === "prepare" ? prepareAnswer(code, echo) : completeAnswer(code, echo);
  return { ok: false, answer: answer as never, reason };
}

/**
 * An HTTP request to `/api/click/prepare` or `/api/click/complete` → the parsed callback, or
 * the -8 answer (non-POST, wrong content type, bad syntax, a missing or malformed field).
 * Nothing here throws on input of any shape.
 */
export function parseClickCallback<E extends ClickEndpoint>(
  endpoint: E,
  request: { method: string; contentType: string | null | undefined; body: string },
): ParseCallbackResult<E> {
  if (request.method.toUpperCase() !== "POST") return failure(endpoint, clickErrorCodes.badRequest, {}, "method");
  const raw = readClickFields(request.body, request.contentType);
  if (!raw.ok) return failure(endpoint, clickErrorCodes.badRequest, {}, raw.reason);
  const schema = endpoint === "prepare" ? clickPrepareRequest : clickCompleteRequest;
  const parsed = schema.safeParse(raw.fields);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join(".") ?? "body";
    return failure(endpoint, clickErrorCodes.badRequest, raw.fields, `field ${field}`);
  }
  return { ok: true, request: parsed.data as ParsedClickCallback<E> };
}

/** The raw strings `sign_string` covers. */
export function signedFieldsOf(request: ClickPrepareRequest | ClickCompleteRequest): ClickSignedFields {
  return {
    click_trans_id: String(request.click_trans_id),
    service_id: request.service_id,
    merchant_trans_id: request.merchant_trans_id,
    ...("merchant_prepare_id" in request ? { merchant_prepare_id: request.merchant_prepare_id } : {}),
    amount: request.amount,
    action: request.action,
    sign_time: request.sign_time,
  };
}

export type VerifyResult = { ok: true; amount: bigint } | { ok: false; code: ClickErrorCode; reason: string };

/**
 * The checks before any order is read, in Click's order: the signature (-1), our service
 * (-1: a callback for another service is not authenticated for ours), the action this endpoint
 * takes (-3: 0 on prepare, 1 on complete), the amount as a sum (-2). `amount` is in tiyin.
 */
export function verifyClickCallback(
  endpoint: ClickEndpoint,
  request: ClickPrepareRequest | ClickCompleteRequest,
  settings: { serviceId: string; secretKey: string | undefined },
): VerifyResult {
  const fields = signedFieldsOf(request);
  if (!isValidClickSignature(fields, request.sign_string, settings.secretKey ?? "")) {
    return { ok: false, code: clickErrorCodes.signCheckFailed, reason: "signature" };
  }
  if (!settings.serviceId || request.service_id !== settings.serviceId) {
    return { ok: false, code: clickErrorCodes.signCheckFailed, reason: "service_id" };
  }
  if (request.action !== (endpoint === "prepare" ? "0" : "1")) return { ok: false, code: clickErrorCodes.actionNotFound, reason: "action" };
  const amount = parseClickAmount(request.amount);
  if (!amount.ok) return { ok: false, code: clickErrorCodes.incorrectAmount, reason: `amount ${amount.reason}` };
  return { ok: true, amount: amount.tiyin };
}
