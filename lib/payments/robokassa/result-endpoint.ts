import {
  decideResultNotification,
  parseResultNotification,
  type PlainTextAnswer,
  type RobokassaAttempt,
  type RobokassaCallbackKeys,
  type RobokassaPayment,
} from "./callbacks";
import { isRobokassaAddress } from "./addresses";

/**
 * The whole ResultURL exchange behind one call, for a thin route: read the parameters of the
 * method Robokassa uses (form body for POST, query for GET), decide, record, answer. The storage
 * is injected — the settlement core's attempt lookup and its exactly-once payment — so this file
 * stays free of I/O of its own.
 */
export type ResultEndpointRequest = {
  method: string;
  /** The request URL's query (`url.searchParams`). */
  query: URLSearchParams;
  /** The raw body (POST); read once, at most the server's body limit. */
  body?: string;
  /** The client address as the shared helper resolved it (trusted proxies applied). */
  clientAddress?: string;
};

export type RecordOutcome = { ok: true; duplicate: boolean } | { ok: false; message: string };

export type ResultEndpointDeps = {
  keys: RobokassaCallbackKeys;
  /** Only Robokassa's addresses may notify (setting "ipAllowlist"). */
  allowlist: boolean;
  findAttempt: (invId: bigint) => Promise<RobokassaAttempt | undefined>;
  /** Records the payment exactly once; a repeat is `duplicate`, not an error. */
  recordPayment: (payment: RobokassaPayment) => Promise<RecordOutcome>;
};

export type ResultEndpointOutcome = PlainTextAnswer & { recorded?: { payment: RobokassaPayment; duplicate: boolean } };

export async function answerResultUrl(request: ResultEndpointRequest, deps: ResultEndpointDeps): Promise<ResultEndpointOutcome> {
  if (request.method !== "POST" && request.method !== "GET") return { status: 405, body: "method not allowed" };
  if (deps.allowlist && !isRobokassaAddress(request.clientAddress ?? "")) return { status: 403, body: "forbidden" };
  const params = request.method === "POST" ? new URLSearchParams(request.body ?? "") : request.query;
  const parsed = parseResultNotification(params);
  if (!parsed.ok) return parsed.decision.answer;
  const decision = decideResultNotification(parsed.notification, await deps.findAttempt(parsed.notification.invId), deps.keys);
  if (decision.kind === "reject") return decision.answer;
  const outcome = await deps.recordPayment(decision.payment);
  // Not recorded (the database is down): no OK, so Robokassa notifies again later.
  if (!outcome.ok) return { status: 503, body: "try again" };
  return { ...decision.answer, recorded: { payment: decision.payment, duplicate: outcome.duplicate } };
}
