import type { SqlDatabase } from "../db/sql";
import type { Env } from "../env";
import { logOutboxDelivery } from "../log/events";
import { onDeliveryResult, type DeliveryResultEvent } from "./delivery-events";
import { createOutboxDispatcher, type OutboxDispatcher } from "./dispatcher";
import type { NotificationAdapter } from "./notifications/adapter";
import { createEmailAdapter } from "./notifications/email-adapter";
import { createLogAdapter } from "./notifications/log-adapter";
import { createSmsAdapter } from "./notifications/sms-adapter";

/**
 * The buyer notification adapters the environment configures: e-mail with `SMTP_URL` and
 * `NOTIFY_EMAIL_FROM`, SMS with `SMS_GATEWAY_URL` and `SMS_GATEWAY_TOKEN`; the log adapter
 * when neither is.
 */
export function notificationAdapters(config: Pick<Env, "SMTP_URL" | "NOTIFY_EMAIL_FROM" | "SMS_GATEWAY_URL" | "SMS_GATEWAY_TOKEN">): NotificationAdapter[] {
  const adapters: NotificationAdapter[] = [];
  if (config.SMTP_URL && config.NOTIFY_EMAIL_FROM) adapters.push(createEmailAdapter({ smtpUrl: config.SMTP_URL, from: config.NOTIFY_EMAIL_FROM }));
  if (config.SMS_GATEWAY_URL && config.SMS_GATEWAY_TOKEN) adapters.push(createSmsAdapter({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN }));
  if (adapters.length === 0) adapters.push(createLogAdapter());
  return adapters;
}

/**
 * The structured log's line and the delivery metrics for one attempt (lib/log/events.ts):
 * `webhook:<id>` → channel `webhook` with its endpoint id, `notify:<adapter>` → the adapter's
 * name; a delivery whose retries stopped (state `failed`) is `gave_up`.
 */
export function logDeliveryResult(event: DeliveryResultEvent): void {
  if (event.outcome === "skipped") return;
  const [kind, rest] = event.target.split(":", 2) as [string, string | undefined];
  logOutboxDelivery({
    eventId: event.eventId,
    eventType: event.eventType,
    orderNumber: event.orderNumber,
    channel: kind === "notify" ? (rest ?? kind) : kind,
    endpointId: kind === "webhook" ? rest : undefined,
    attempt: event.attempt,
    outcome: event.outcome === "delivered" ? "delivered" : event.state === "failed" ? "gave_up" : "failed",
    durationMs: event.durationMs,
    httpStatus: event.httpStatus ?? undefined,
    reason: event.error ?? undefined,
  });
}

/**
 * Starts the store's outbox dispatcher (server.ts), unless `OUTBOX_DISPATCH=off`: it polls every
 * `OUTBOX_POLL_MS` and wakes after each settlement in this process. Returns it (to stop), or null.
 */
export function startOutboxDispatcher(sql: SqlDatabase, config: Env): OutboxDispatcher | null {
  if (config.OUTBOX_DISPATCH === "off") return null;
  const dispatcher = createOutboxDispatcher({
    sql,
    appSecret: config.APP_SECRET!,
    adapters: notificationAdapters(config),
    retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
    retryMaxMs: config.OUTBOX_RETRY_MAX_MS,
  });
  const unsubscribe = onDeliveryResult(logDeliveryResult);
  dispatcher.start(config.OUTBOX_POLL_MS);
  return { ...dispatcher, stop: async () => { unsubscribe(); await dispatcher.stop(); } };
}
