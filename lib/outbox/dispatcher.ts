import { randomBytes } from "node:crypto";
import type { SqlDatabase } from "../db/sql";
import { toLocale } from "../i18n/locales";
import { setOutboxWake } from "../orders/outbox";
import type { AttemptResult } from "./attempt-result";
import { afterFailure } from "./backoff";
import { publishDeliveryResult } from "./delivery-events";
import {
  claimDueDeliveries,
  fanOutEvents,
  lastPaymentProvider,
  listUnfannedEvents,
  recordAttempts,
  settledEventMark,
  type AttemptRecord,
  type ClaimedDelivery,
  type FanOut,
  type NewDelivery,
} from "./delivery-store";
import type { NotificationAdapter } from "./notifications/adapter";
import { buyerMessageKind, composeBuyerMessage } from "./notifications/messages";
import { enabledEndpointIds, openEndpointSecret } from "./webhook-endpoints";
import { postWebhook, webhookBody } from "./webhook";

export type DispatcherOptions = {
  sql: SqlDatabase;
  /** Opens the endpoints' signing secrets. */
  appSecret: string;
  /** Buyer notification channels (at least the log adapter by default). */
  adapters: readonly NotificationAdapter[];
  /** The clock (ms since the epoch); tests inject one. */
  now?: () => number;
  /** First retry pause and its cap (ms). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a claim holds a delivery (ms): longer than any attempt may take. */
  leaseMs?: number;
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** A webhook's answer must come within this (ms). */
  webhookTimeoutMs?: number;
};

/** What one round did (counts). */
export type RoundReport = { fannedOut: number; attempted: number; delivered: number; failed: number };

/** A settlement's wake-up starts a round this much later (ms): payments in one burst share it. */
const WAKE_DELAY_MS = 20;

/** Events written this long ago are past any open transaction: the fan-out need not look below them again (ms). */
const SETTLED_AFTER_MS = 5 * 60_000;

/**
 * The outbox dispatcher (DESIGN.md "Events"): fans each new event out to its targets — the
 * buyer's notification (order paid, paid by 1C, refunded) through each configured adapter that
 * reaches the buyer, and every enabled merchant webhook — then claims due deliveries (a lease,
 * so several instances never send one delivery at once and a crashed instance's claims are
 * retaken), sends them outside any database transaction, and records a batch's attempts in one transaction. A failure is
 * retried with exponential backoff until 72 hours after the event, then marked failed.
 * At least once per event and target; the event id is the idempotency key.
 */
export function createOutboxDispatcher(options: DispatcherOptions) {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
  const { sql } = options;
  const adapters = new Map(options.adapters.map((adapter) => [adapter.channel, adapter]));
  /** Every event up to this id has its delivery rows. */
  let fannedOutMark = 0;

  async function fanOut(): Promise<number> {
    const events = await listUnfannedEvents(sql, fannedOutMark, 100);
    const markCandidate = events.length < 100 ? await settledEventMark(sql, fannedOutMark, now() - SETTLED_AFTER_MS) : 0;
    if (events.length === 0) {
      fannedOutMark = Math.max(fannedOutMark, markCandidate);
      return 0;
    }
    const endpoints = await enabledEndpointIds(sql);
    const items: FanOut[] = events.map((event) => {
      const targets: NewDelivery[] = endpoints.map((id) => ({ target: `webhook:${id}`, endpointId: id }));
      if (event.type === "order.paid" || event.type === "order.refunded") {
        for (const adapter of adapters.values()) {
          if (adapter.reaches({ email: event.customerEmail, phone: event.customerPhone })) targets.push({ target: `notify:${adapter.channel}`, endpointId: null });
        }
      }
      return { event, targets };
    });
    // One transaction for the round's events: one commit on the writer the payments share.
    await fanOutEvents(sql, items, now());
    if (events.length < 100) fannedOutMark = Math.max(fannedOutMark, markCandidate);
    return events.length;
  }

  async function attempt(delivery: ClaimedDelivery, nowMs: number): Promise<AttemptResult | "skip"> {
    if (delivery.target.startsWith("webhook:")) {
      if (!delivery.endpointUrl || !delivery.endpointSecret || !delivery.endpointEnabled) return "skip";
      return postWebhook({
        url: delivery.endpointUrl,
        secret: openEndpointSecret(delivery.endpointSecret, options.appSecret),
        eventId: delivery.eventId,
        eventType: delivery.type,
        body: webhookBody({ id: delivery.eventId, type: delivery.type, createdAt: delivery.eventCreatedAt, payload: delivery.payload }),
        nowMs,
        timeoutMs: webhookTimeoutMs,
      });
    }
    const adapter = adapters.get(delivery.target.slice("notify:".length) as NotificationAdapter["channel"]);
    if (!adapter) return { ok: false, error: `channel ${delivery.target} is not configured` };
    const kind = buyerMessageKind(delivery.type, delivery.type === "order.paid" ? await lastPaymentProvider(sql, delivery.orderNumber) : null);
    if (!kind) return "skip";
    const payload = JSON.parse(delivery.payload) as { paidAmount?: string; refundedAmount?: string; amount?: string };
    const amount = BigInt((kind === "refunded" ? payload.refundedAmount : (payload.paidAmount ?? payload.amount)) ?? "0");
    const lang = toLocale(delivery.lang) ?? "ru";
    const texts = composeBuyerMessage(kind, lang, { number: delivery.orderNumber, amount, currency: delivery.currency });
    return adapter.send({ idempotencyKey: String(delivery.eventId), orderNumber: delivery.orderNumber, lang, kind, ...texts, email: delivery.customerEmail, phone: delivery.customerPhone });
  }

  /** An attempt made, not recorded yet. */
  type Finished = { delivery: ClaimedDelivery; endedAt: number; record: AttemptRecord };

  /** Sends one claimed delivery (outside any transaction); what came of it, to record. */
  async function send(delivery: ClaimedDelivery): Promise<Finished> {
    const startedAt = now();
    let result: AttemptResult | "skip";
    try {
      result = await attempt(delivery, startedAt);
    } catch (error) {
      // A bug or an unreadable secret: a failed attempt like any other (retried, logged).
      result = { ok: false, error: error instanceof Error ? error.message.slice(0, 300) : "unexpected error" };
    }
    const endedAt = now();
    const outcome = result === "skip" ? "skipped" : result.ok ? "delivered" : "failed";
    const next =
      outcome === "failed"
        ? afterFailure({ failedAttempts: delivery.attempts + 1, nowMs: endedAt, giveUpAt: Number(delivery.giveUpAt), baseMs: options.retryBaseMs, maxMs: options.retryMaxMs })
        : undefined;
    return {
      delivery,
      endedAt,
      record: {
        outcome,
        httpStatus: result === "skip" ? null : (result.httpStatus ?? null),
        error: result === "skip" ? "nothing to send" : result.ok ? null : result.error,
        durationMs: endedAt - startedAt,
        next,
      },
    };
  }

  /** Sends a claimed batch in parallel, records every attempt in one transaction, then tells the listeners. */
  async function deliverBatch(claimed: readonly ClaimedDelivery[]): Promise<AttemptRecord["outcome"][]> {
    const finished = await Promise.all(claimed.map(send));
    const states = await recordAttempts(
      sql,
      finished.map(({ delivery, endedAt, record }) => ({ delivery: { id: delivery.id, token: delivery.leaseToken }, nowMs: endedAt, attempt: record })),
    );
    finished.forEach(({ delivery, record }, index) => {
      const state = states[index] ?? null;
      publishDeliveryResult({
        deliveryId: delivery.id,
        eventId: delivery.eventId,
        eventType: delivery.type,
        orderNumber: delivery.orderNumber,
        target: delivery.target,
        outcome: record.outcome,
        state,
        attempt: delivery.attempts + 1,
        httpStatus: record.httpStatus,
        error: record.error,
        durationMs: record.durationMs,
        nextAttemptAt: state === "pending" ? (record.next?.nextAttemptAt ?? null) : null,
      });
    });
    return finished.map(({ record }) => record.outcome);
  }

  /** One round: fan out new events, then claim and deliver what is due (in parallel within the batch). */
  async function runOnce(): Promise<RoundReport> {
    const fannedOut = await fanOut();
    const report: RoundReport = { fannedOut, attempted: 0, delivered: 0, failed: 0 };
    for (;;) {
      const claimed = await claimDueDeliveries(sql, { nowMs: now(), leaseMs, limit: batchSize, token: randomBytes(12).toString("base64url") });
      if (claimed.length === 0) break;
      const outcomes = await deliverBatch(claimed);
      report.attempted += outcomes.length;
      report.delivered += outcomes.filter((outcome) => outcome === "delivered").length;
      report.failed += outcomes.filter((outcome) => outcome === "failed").length;
      if (claimed.length < batchSize) break;
    }
    return report;
  }

  let timer: NodeJS.Timeout | null = null;
  let pendingWake: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;

  /** Runs a round now, unless one is under way (then one more follows it, after a wake-up's delay). */
  function round(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await runOnce();
      } catch (error) {
        console.error("outbox dispatcher round failed:", error instanceof Error ? error.message : error);
      }
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  /**
   * The settlements' wake-up: a round starts WAKE_DELAY_MS later, on a timer of its own — never
   * inside the payment's call (SQLite's driver is synchronous) — and a burst of payments makes one round.
   */
  function wake(): void {
    if (stopped || pendingWake) return;
    if (running) {
      again = true;
      return;
    }
    pendingWake = setTimeout(() => {
      pendingWake = null;
      round();
    }, WAKE_DELAY_MS);
    pendingWake.unref();
  }

  return {
    runOnce,
    /** Only the fan-out step of a round (tests: to claim rows before delivering them); the number of events fanned out. */
    fanOut,
    wake,
    /** Polls every `pollMs` and on each settlement's wake-up signal in this process. */
    start(pollMs: number): void {
      if (!stopped) return;
      stopped = false;
      setOutboxWake(wake);
      timer = setInterval(round, pollMs);
      timer.unref();
      round();
    },
    /** Stops polling; resolves when the round under way has ended. */
    async stop(): Promise<void> {
      stopped = true;
      setOutboxWake(null);
      if (timer) clearInterval(timer);
      if (pendingWake) clearTimeout(pendingWake);
      timer = null;
      pendingWake = null;
      await running;
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
