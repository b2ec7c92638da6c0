import { errorText } from "../attempt-result";
import type { NotificationAdapter } from "./adapter";

/**
 * Buyer SMS through an HTTP gateway: one JSON POST per message to `url`,
 * `{"to": "+998…", "text": "…", "idempotencyKey": "<event id>"}`, with
 * `Authorization: Bearer <token>` and `Idempotency-Key: <event id>`. Any 2xx answer is taken as
 * sent; anything else (or no answer within `timeoutMs`) is retried later.
 */
export function createSmsAdapter(options: { url: string; token: string; timeoutMs?: number }): NotificationAdapter {
  return {
    channel: "sms",
    reaches: (contacts) => Boolean(contacts.phone),
    async send(message) {
      if (!message.phone) return { ok: false, error: "no phone number" };
      try {
        const response = await fetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${options.token}`, "idempotency-key": message.idempotencyKey },
          body: JSON.stringify({ to: message.phone, text: message.text, idempotencyKey: message.idempotencyKey }),
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        await response.body?.cancel().catch(() => undefined);
        return response.ok ? { ok: true, httpStatus: response.status } : { ok: false, httpStatus: response.status, error: `HTTP ${response.status}` };
      } catch (error) {
        return { ok: false, error: errorText(error) };
      }
    },
  };
}
