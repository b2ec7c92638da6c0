import { CompactSign } from "jose";
import { z } from "zod";
import { badUrl, parseUrl, requestText, type HttpOptions, type RobokassaTransportFailure } from "./http";
import { formatOutSum, parseOutSum } from "./out-sum";
import type { robokassaPaymentMethod, robokassaPaymentObject, robokassaTax } from "./receipt";

/**
 * Robokassa's refund API (protocol file "Status and refunds"): `POST {url}/Refund/Create` with a
 * JWT (HS256, key Password3) whose payload is `{OpKey, RefundSum?, InvoiceItems?}`, and
 * `GET {url}/Refund/GetState?id=` for its progress. The ledger entry is written only when
 * GetState reports `finished` (DESIGN.md "Refunds started elsewhere").
 */

export type RefundClientOptions = HttpOptions & {
  /** The refund service's base URL for the mode (`https://services.robokassa.ru/RefundService`). */
  url: string;
  password3: string;
};

export type RefundItem = {
  name: string;
  quantity: number;
  /** Kopeks per unit. */
  cost: bigint;
  tax: z.infer<typeof robokassaTax>;
  paymentMethod: z.infer<typeof robokassaPaymentMethod>;
  paymentObject: z.infer<typeof robokassaPaymentObject>;
};

export type RefundRequest = {
  /** `Info/OpKey` from OpStateExt. */
  opKey: string;
  /** Kopeks; omitted for a full refund. */
  amount?: bigint;
  items?: readonly RefundItem[];
};

export type CreateRefundResult =
  | { ok: true; requestId: string }
  | { ok: false; reason: "refused"; message: string }
  | { ok: false; reason: "invalid_input"; message: string }
  | RobokassaTransportFailure;

export const refundLabels = ["finished", "processing", "canceled"] as const;
export type RefundLabel = (typeof refundLabels)[number];

export type RefundState = { requestId: string; /** Kopeks. */ amount: bigint; label: RefundLabel };

export type RefundStateResult =
  | { ok: true; refund: RefundState }
  | { ok: false; reason: "refused"; message: string }
  | RobokassaTransportFailure;

const requestId = z.string().trim().min(1).max(100);

export const createRefundResponse = z.object({
  success: z.boolean(),
  message: z.string().nullish(),
  requestId: requestId.nullish(),
});

/**
 * A JSON number (Robokassa writes `1.0`, `10`) read without floating point: JSON.parse gave a
 * double, whose shortest decimal text is what the answer said for any sum below 2^53 kopeks.
 */
const jsonAmount = z
  .union([z.number(), z.string()])
  .transform((value, context) => {
    const parsed = parseOutSum(String(value));
    if (parsed.ok) return parsed.kopeks;
    context.addIssue({ code: "custom", message: `not an amount in roubles: ${String(value)}` });
    return z.NEVER;
  });

export const refundStateResponse = z.union([
  z.object({ requestId, amount: jsonAmount, label: z.enum(refundLabels) }),
  z.object({ success: z.literal(false), message: z.string().nullish() }),
]);

/** The JWT payload as text: sums are JSON numbers in roubles, printed from kopeks (no floats). */
export function refundPayload(request: RefundRequest): string {
  const parts = [`"OpKey":${JSON.stringify(request.opKey)}`];
  if (request.amount !== undefined) parts.push(`"RefundSum":${formatOutSum(request.amount)}`);
  if (request.items) {
    const items = request.items.map(
      (item) =>
        `{"Name":${JSON.stringify(item.name)},"Quantity":${item.quantity},"Cost":${formatOutSum(item.cost)},` +
        `"Tax":${JSON.stringify(item.tax)},"PaymentMethod":${JSON.stringify(item.paymentMethod)},` +
        `"PaymentObject":${JSON.stringify(item.paymentObject)}}`,
    );
    parts.push(`"InvoiceItems":[${items.join(",")}]`);
  }
  return `{${parts.join(",")}}`;
}

/** The signed request body: `header.payload.signature`, HS256 with Password3. */
export async function signRefundRequest(request: RefundRequest, password3: string): Promise<string> {
  return new CompactSign(new TextEncoder().encode(refundPayload(request)))
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(password3));
}

function base(url: string): string {
  return url.replace(/\/+$/, "");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Asks Robokassa to refund `amount` kopeks (all of the payment when omitted) of the payment
 * `opKey`. Never repeated here: after a timeout the refund may exist, so the caller keeps the
 * request "unknown" and settles it by GetState or by hand — never by sending it again blindly.
 */
export async function createRefund(options: RefundClientOptions, request: RefundRequest): Promise<CreateRefundResult> {
  if (!options.password3) return { ok: false, reason: "invalid_input", message: "Password3 is not set" };
  if (!request.opKey) return { ok: false, reason: "invalid_input", message: "OpKey is required" };
  if (request.amount !== undefined && request.amount <= 0n) return { ok: false, reason: "invalid_input", message: "a refund must be positive" };
  if (request.items?.some((item) => !Number.isSafeInteger(item.quantity) || item.quantity <= 0 || item.cost < 0n)) {
    return { ok: false, reason: "invalid_input", message: "refund items need a positive whole quantity and a cost" };
  }
  const token = await signRefundRequest(request, options.password3);
  const answer = await requestText(
    `${base(options.url)}/Refund/Create`,
    { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: token },
    options,
  );
  if (!answer.ok) return answer;
  const parsed = createRefundResponse.safeParse(parseJson(answer.text));
  if (!parsed.success) return { ok: false, reason: "protocol", message: "Refund/Create answered in an unexpected shape" };
  if (!parsed.data.success) return { ok: false, reason: "refused", message: parsed.data.message ?? "refused without a message" };
  if (!parsed.data.requestId) return { ok: false, reason: "protocol", message: "Refund/Create reported success without a requestId" };
  return { ok: true, requestId: parsed.data.requestId };
}

/** The refund's progress; a read, safe to repeat (the poll). */
export async function getRefundState(options: RefundClientOptions, id: string): Promise<RefundStateResult> {
  const url = parseUrl(`${base(options.url)}/Refund/GetState`);
  if (!url) return badUrl(options.url);
  url.searchParams.set("id", id);
  const answer = await requestText(url.toString(), { method: "GET", headers: { accept: "application/json" } }, options);
  if (!answer.ok) return answer;
  const parsed = refundStateResponse.safeParse(parseJson(answer.text));
  if (!parsed.success) return { ok: false, reason: "protocol", message: "Refund/GetState answered in an unexpected shape" };
  if ("success" in parsed.data) return { ok: false, reason: "refused", message: parsed.data.message ?? "refused without a message" };
  return { ok: true, refund: parsed.data };
}

export type PollRefundOptions = {
  /** Pause between reads, ms. */
  intervalMs?: number;
  /** Reads before giving up (the caller's sweep picks it up later). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Reads the refund's state until it is `finished` or `canceled`, or `attempts` reads were made
 * (then the last `processing` state is returned). A failed read ends the poll with that failure.
 */
export async function pollRefundState(options: RefundClientOptions, id: string, poll: PollRefundOptions = {}): Promise<RefundStateResult> {
  const attempts = poll.attempts ?? 5;
  const intervalMs = poll.intervalMs ?? 2_000;
  const sleep = poll.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    const state = await getRefundState(options, id);
    if (!state.ok || state.refund.label !== "processing" || attempt >= attempts) return state;
    await sleep(intervalMs);
  }
}
