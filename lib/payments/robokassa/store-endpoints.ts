import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddress } from "../../http/client-address";
import type { SqlDatabase, SqlExecutor } from "../../db/sql";
import type { Locale } from "../../i18n/locales";
import { finishProviderCall, orderNumberOf, startProviderCall } from "../../log/events";
import { settleOrder } from "../../orders/settlement";
import { findRobokassaAttempt, markRobokassaSuccessSeen } from "./attempt-store";
import { decideFail, decideSuccess, returnInvId, type RobokassaCallbackKeys, type RobokassaPayment } from "./callbacks";
import { returnRejectionMessages } from "./messages";
import { isRobokassaReturnKey } from "./return-key";
import { answerResultUrl, type RecordOutcome, type ResultEndpointOutcome } from "./result-endpoint";
import { loadRobokassaSettings, robokassaPasswords, type RobokassaSettings } from "./robokassa-settings";

/**
 * The store's side of Robokassa's callbacks: ResultURL over `answerResultUrl` with the attempt
 * table and the settlement core plugged in, and the shopper's SuccessURL/FailURL returns. Routes
 * (app/api/robokassa/…) and server.ts's fast route stay thin over these.
 */

/** ResultURL bodies are a dozen short form fields; anything larger is not Robokassa. */
export const RESULT_BODY_LIMIT_BYTES = 16 * 1024;

/** The keys of the provider's mode (test passwords outside live mode). */
export function robokassaCallbackKeys(settings: RobokassaSettings): RobokassaCallbackKeys {
  const { password1, password2 } = robokassaPasswords(settings);
  return { password1, password2, hash: settings.hash, live: settings.mode === "live" };
}

/**
 * Records a ResultURL payment through the settlement core: kind payment, provider robokassa,
 * reference InvId, amount the attempt's tiyin — whatever the order's status (the money was taken;
 * a second payment shows as overpaid). A repeat is `duplicate`. A failure is `{ok: false}` (the
 * route then answers 503 and Robokassa notifies again).
 */
export async function recordRobokassaPayment(sql: SqlDatabase, payment: RobokassaPayment): Promise<RecordOutcome> {
  try {
    const outcome = await settleOrder(sql, Number(payment.orderNumber), (order) =>
      order.recordPayment({ provider: "robokassa", reference: payment.reference, amount: payment.amount }),
    );
    if (!outcome.ok) return { ok: false, message: `order ${payment.orderNumber} not found` };
    return { ok: true, duplicate: !outcome.recorded };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export type ResultRequest = {
  method: string;
  query: URLSearchParams;
  body?: string;
  /** Request headers (for the client address behind trusted proxies). */
  headers: { get(name: string): string | null };
};

/**
 * The whole ResultURL exchange: `{status, body}` to send as text/plain. Never throws for bad
 * input. Logged and counted (lib/log/events.ts): method `result`, the order number once the
 * payment is recorded, the InvId, `ok`/`duplicate` or `refused:<status>` (`failed` when it
 * throws: the database is unreachable), duration.
 */
export async function handleRobokassaResult(request: ResultRequest, deps: { sql: SqlDatabase; appSecret: string }): Promise<ResultEndpointOutcome> {
  const trace = startProviderCall("robokassa", "result");
  const invId = (request.method === "POST" ? new URLSearchParams(request.body ?? "") : request.query).get("InvId");
  if (invId && /^\d{1,19}$/.test(invId)) trace.reference = invId;
  try {
    const outcome = await answerResult(request, deps);
    if (outcome.recorded) trace.orderNumber = orderNumberOf(outcome.recorded.payment.orderNumber);
    const label = outcome.status === 200 ? (outcome.recorded?.duplicate ? "duplicate" : "ok") : outcome.status === 503 ? "failed" : `refused:${outcome.status}`;
    finishProviderCall(trace, label);
    return outcome;
  } catch (error) {
    finishProviderCall(trace, "failed");
    throw error;
  }
}

async function answerResult(request: ResultRequest, deps: { sql: SqlDatabase; appSecret: string }): Promise<ResultEndpointOutcome> {
  const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
  return answerResultUrl(
    {
      method: request.method,
      query: request.query,
      body: request.body,
      clientAddress: settings.ipAllowlist ? clientAddress(request.headers, settings.trustedProxies) : undefined,
    },
    {
      keys: robokassaCallbackKeys(settings),
      allowlist: settings.ipAllowlist,
      findAttempt: (invId) => findRobokassaAttempt(deps.sql, invId),
      recordPayment: (payment) => recordRobokassaPayment(deps.sql, payment),
    },
  );
}

/** Reads at most `limit` bytes of a node:http body; undefined when it is larger. */
function readLimitedBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}

/**
 * ResultURL as a node:http handler for server.ts's fast route (the same exchange as the Next.js
 * route). `deps` is read per request, so a test or the start can swap the database.
 */
export function createResultHttpHandler(deps: () => { sql: SqlDatabase; appSecret: string }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? "/", "http://store.invalid");
      const method = req.method ?? "GET";
      const body = method === "POST" ? await readLimitedBody(req, RESULT_BODY_LIMIT_BYTES) : undefined;
      if (method === "POST" && body === undefined) return sendText(res, 413, "too large");
      const headers = {
        get: (name: string) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(", ") : (value ?? null);
        },
      };
      const outcome = await handleRobokassaResult({ method, query: url.searchParams, body, headers }, deps());
      sendText(res, outcome.status, outcome.body);
    } catch (error) {
      // The database is unreachable, the settings cannot be read: no OK, so Robokassa retries.
      console.error("robokassa: ResultURL failed:", error instanceof Error ? error.message : error);
      if (!res.headersSent) sendText(res, 503, "try again");
      else res.end();
    }
  };
}

const orderIdSql = `SELECT "id" FROM "Order" WHERE "number" = ?`;

async function orderIdOf(sql: SqlExecutor, orderNumber: string): Promise<string | undefined> {
  return (await sql.get<{ id: string }>(orderIdSql, [Number(orderNumber)]))?.id;
}

/** Where a SuccessURL/FailURL request leads: the order page, or a refusal in the shopper's language. */
export type ReturnOutcome = { kind: "redirect"; location: string } | { kind: "refuse"; status: number; text: string };

/**
 * SuccessURL (`outcome` success: its Password1 signature must verify) and FailURL (unsigned, so
 * our `Shp_key` must match — else InvIds could be walked to find orders' pages):
 * redirect to the order page with `?robokassa=confirming|failed` (the order is paid only by
 * ResultURL); a refusal is worded in the language Robokassa's page spoke. A verified Success
 * marks its attempt (`successSeenAt`, the first visit's time): for 15 minutes, or until ResultURL
 * comes, the order page says the payment is being confirmed. Changes nothing else.
 */
export async function handleRobokassaReturn(
  outcome: "success" | "fail",
  query: URLSearchParams,
  deps: { sql: SqlDatabase; appSecret: string; publicUrl: string; now?: () => number },
): Promise<ReturnOutcome> {
  // Robokassa's page speaks ru or en only; the order page keeps the shopper's own language (cookie).
  const locale: Locale = query.get("Culture") === "en" ? "en" : "ru";
  const invId = returnInvId(query);
  const attempt = invId === undefined ? undefined : await findRobokassaAttempt(deps.sql, invId);
  let decision;
  if (outcome === "success") {
    const settings = await loadRobokassaSettings(deps.sql, deps.appSecret);
    decision = decideSuccess(query, attempt, robokassaCallbackKeys(settings));
  } else {
    decision = decideFail(query, attempt);
  }
  if (decision.kind === "reject") return { kind: "refuse", status: decision.status, text: returnRejectionMessages[decision.reason][locale] };
  // FailURL is unsigned: only our Shp_key proves the shopper came from this invoice.
  if (outcome === "fail" && !isRobokassaReturnKey(deps.appSecret, decision.invId, query.get("Shp_key"))) {
    return { kind: "refuse", status: 403, text: returnRejectionMessages.bad_signature[locale] };
  }
  const id = await orderIdOf(deps.sql, decision.orderNumber);
  if (!id) return { kind: "refuse", status: 404, text: returnRejectionMessages.unknown_invoice[locale] };
  // Robokassa says it was paid: the order page waits for ResultURL instead of offering to pay again.
  if (outcome === "success") await markRobokassaSuccessSeen(deps.sql, decision.invId, new Date(deps.now?.() ?? Date.now()));
  return { kind: "redirect", location: `${deps.publicUrl}/orders/${encodeURIComponent(id)}?robokassa=${decision.outcome}` };
}
