import { maskPhone } from "../http/public-contact";
import { countCallback, countOutboxDelivery } from "../metrics/metrics";
import { childLogger, logger } from "./logger";

/*
 * The log's lines, one function per kind (issue 15 item 5). Each takes only the fields it
 * writes — provider, method, order number, outcome, duration, ids — so a secret, a card
 * number, an SMS code or a full phone number cannot reach the log through them: there is no
 * parameter to put one in. Phones are masked (`+998 90 *** ** 67`) before they are written.
 */

/** A provider's callback in progress: started by the provider's dispatcher, finished with its outcome. */
export type ProviderCallTrace = {
  provider: string;
  /** Payme's JSON-RPC method, Click's `prepare`/`complete`, Robokassa's `result`… (a bounded set). */
  method: string;
  /** The order concerned, once the dispatcher knows it. */
  orderNumber?: number;
  /** The provider's id of the payment (Payme transaction id, click_trans_id, InvId): not a secret. */
  reference?: string;
  startedAt: number;
};

/** Starts timing a provider callback (`performance.now()`, ms). */
export function startProviderCall(provider: string, method: string): ProviderCallTrace {
  return { provider, method, startedAt: performance.now() };
}

/** Whole numbers only: an order number from a wire field (`"12"`, 12) or undefined. */
export function orderNumberOf(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * Ends a provider callback: one `info` line `{component: "provider", direction: "in", provider,
 * method, orderNumber?, reference?, outcome, durationMs}` and the callback metrics (count and
 * latency). `outcome` is `ok` or a bounded label (`error:-31050`, `refused:403`).
 */
export function finishProviderCall(trace: ProviderCallTrace, outcome: string): void {
  const durationMs = Math.round((performance.now() - trace.startedAt) * 1000) / 1000;
  countCallback(trace.provider, trace.method, outcome, durationMs);
  logger().info(
    {
      component: "provider",
      direction: "in",
      provider: trace.provider,
      method: trace.method,
      orderNumber: trace.orderNumber,
      reference: trace.reference,
      outcome,
      durationMs,
    },
    "provider callback",
  );
}

/**
 * One call the store made to a provider's API (Payme's receipts, Click's reversal, Robokassa's
 * refund…): `{direction: "out", provider, method, orderNumber?, outcome, durationMs}`.
 */
export function logProviderCallOut(input: { provider: string; method: string; orderNumber?: number; outcome: string; durationMs: number }): void {
  logger().info(
    {
      component: "provider",
      direction: "out",
      provider: input.provider,
      method: input.method,
      orderNumber: input.orderNumber,
      outcome: input.outcome,
      durationMs: Math.round(input.durationMs * 1000) / 1000,
    },
    "provider call",
  );
}

/**
 * Times `call` and logs it with `logProviderCallOut`; `outcomeOf` names its result (`ok`,
 * `refused`…), `failureOf` a rejection (default `failed`), which is passed on. Both must return
 * a short bounded label, never a message from the wire.
 */
export async function traceProviderCallOut<T>(
  input: { provider: string; method: string; orderNumber?: number },
  call: () => Promise<T>,
  outcomeOf: (result: T) => string = () => "ok",
  failureOf: (error: unknown) => string = () => "failed",
): Promise<T> {
  const startedAt = performance.now();
  try {
    const result = await call();
    logProviderCallOut({ ...input, outcome: outcomeOf(result), durationMs: performance.now() - startedAt });
    return result;
  } catch (error) {
    logProviderCallOut({ ...input, outcome: failureOf(error), durationMs: performance.now() - startedAt });
    throw error;
  }
}

/**
 * One admin action as the audit log records it (lib/admin/audit.ts calls this for every entry):
 * `{component: "admin", action, outcome, actor, target?}`. The entry's `detail` and the client
 * address are not written: the audit table keeps them, the log needs only what happened.
 */
export function logAdminAction(input: { action: string; outcome: string; actor: string; target?: string | null }): void {
  logger().info({ component: "admin", action: input.action, outcome: input.outcome, actor: input.actor, target: input.target ?? undefined }, "admin action");
}

/** What one outbox delivery attempt came to (for the outbox dispatcher). */
export type OutboxDeliveryLog = {
  /** The event's id: the receivers' idempotency key. */
  eventId: number | string;
  /** `payment.received`, `order.paid`… */
  eventType: string;
  orderNumber: number;
  /** Where it went: `webhook`, `email`, `sms`, `log`. */
  channel: string;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: "delivered" | "failed" | "gave_up";
  durationMs: number;
  /** The receiver's HTTP status, when there was one. */
  httpStatus?: number;
  /** A webhook's endpoint id (never its URL's secret parts). */
  endpointId?: number | string;
  /** A buyer notification's phone: written masked. */
  phone?: string;
  /** Why it failed, in a few words (an error's message: not a body, not a header). */
  reason?: string;
};

/**
 * Logs one outbox delivery attempt — `{component: "outbox", eventId, eventType, orderNumber,
 * channel, attempt, outcome, durationMs, httpStatus?, endpointId?, phoneMasked?, reason?}` — and
 * counts it (`tolov_outbox_deliveries_total`; failures also in
 * `tolov_outbox_delivery_failures_total`). For the outbox dispatcher: call it once per attempt.
 */
export function logOutboxDelivery(delivery: OutboxDeliveryLog): void {
  countOutboxDelivery(delivery.channel, delivery.outcome === "delivered");
  const line = {
    component: "outbox",
    eventId: String(delivery.eventId),
    eventType: delivery.eventType,
    orderNumber: delivery.orderNumber,
    channel: delivery.channel,
    attempt: delivery.attempt,
    outcome: delivery.outcome,
    durationMs: Math.round(delivery.durationMs * 1000) / 1000,
    httpStatus: delivery.httpStatus,
    endpointId: delivery.endpointId === undefined ? undefined : String(delivery.endpointId),
    phoneMasked: delivery.phone ? maskPhone(delivery.phone) : undefined,
    reason: delivery.reason?.slice(0, 200),
  };
  if (delivery.outcome === "delivered") logger().info(line, "outbox delivery");
  else logger().warn(line, "outbox delivery");
}

/** A logger for one component's own lines (`childLogger` re-exported for callers of this module). */
export { childLogger };
