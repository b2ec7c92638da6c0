import { errorText, type AttemptResult } from "./attempt-result";
import { signWebhook, SIGNATURE_HEADER } from "./signature";

/** The JSON body of a merchant webhook (README "Webhooks"): the outbox event as is. */
export type WebhookEvent = {
  /** The outbox event's id (decimal string): the idempotency key, the same on every retry. */
  id: string;
  type: string;
  /** When the event was written (ISO 8601). */
  createdAt: string;
  /** The event's payload: `orderNumber` and, per type, amounts in tiyin as decimal strings, provider, reference… */
  data: Record<string, unknown>;
};

/** The exact body text sent (and signed) for an event. */
export function webhookBody(event: { id: number; type: string; createdAt: Date; payload: string }): string {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(event.payload) as Record<string, unknown>;
  } catch {
    data = {};
  }
  const body: WebhookEvent = { id: String(event.id), type: event.type, createdAt: event.createdAt.toISOString(), data };
  return JSON.stringify(body);
}

/**
 * POSTs one signed webhook: `Content-Type: application/json`, `Tolov-Signature`,
 * `Idempotency-Key` and `Tolov-Event-Id` (the event id), `Tolov-Event-Type`. A 2xx answer
 * delivers it; redirects are not followed (an answer like any other non-2xx).
 */
export async function postWebhook(input: { url: string; secret: string; eventId: number; eventType: string; body: string; nowMs: number; timeoutMs: number }): Promise<AttemptResult> {
  const signature = signWebhook(input.secret, input.body, Math.floor(input.nowMs / 1000));
  try {
    const response = await fetch(input.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Tolov-Webhooks/1",
        [SIGNATURE_HEADER]: signature,
        "idempotency-key": String(input.eventId),
        "tolov-event-id": String(input.eventId),
        "tolov-event-type": input.eventType,
      },
      body: input.body,
      redirect: "manual",
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? { ok: true, httpStatus: response.status } : { ok: false, httpStatus: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}
