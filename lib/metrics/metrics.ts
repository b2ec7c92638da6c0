import { Counter, Gauge, Histogram, Registry } from "prom-client";

/*
 * The store's Prometheus metrics (issue 15 item 6), served by GET /api/metrics (lib/metrics/
 * endpoints.ts). Each process (each instance) has its own registry: counters start at zero with
 * the process and Prometheus sums instances itself. One registry per process, shared by
 * server.ts's fast paths and the Next.js routes (kept on globalThis; prom-client is external to
 * the Next.js bundles).
 *
 * Updates on the payment hot path are one counter increment and one histogram observation,
 * in memory. Gauges that need the database (reservations held, outbox backlog) are read only
 * when Prometheus scrapes, through the `collect` hooks set by `setMetricsSources`.
 */

/** Latency buckets for provider callbacks, seconds (Prometheus' unit): 1 ms … 10 s. */
const CALLBACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the scrape-time gauges read (set once by whoever has the database: lib/metrics/endpoints.ts). */
export type MetricsSources = {
  /** Orders a reservation holds now, by provider. */
  reservationsHeld(): Promise<Record<string, number>>;
  /** Outbox events not delivered yet. */
  outboxBacklog(): Promise<number>;
};

export type StoreMetrics = {
  registry: Registry;
  callbacks: Counter<"provider" | "method" | "outcome">;
  callbackSeconds: Histogram<"provider" | "method" | "outcome">;
  outboxDeliveries: Counter<"channel" | "outcome">;
  outboxDeliveryFailures: Counter<"channel">;
  sources: { current?: MetricsSources };
};

function createStoreMetrics(): StoreMetrics {
  const registry = new Registry();
  const sources: StoreMetrics["sources"] = {};
  const callbacks = new Counter({
    name: "tolov_provider_callbacks_total",
    help: "Provider callbacks answered, by provider, method and outcome (ok or the provider's error code).",
    labelNames: ["provider", "method", "outcome"] as const,
    registers: [registry],
  });
  const callbackSeconds = new Histogram({
    name: "tolov_provider_callback_duration_seconds",
    help: "Time from a provider callback's dispatch to its answer, seconds.",
    labelNames: ["provider", "method", "outcome"] as const,
    buckets: CALLBACK_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "tolov_reservations_held",
    help: "Orders a payment attempt holds now (DESIGN.md 'Reservation'), by provider.",
    labelNames: ["provider"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const held = (await sources.current?.reservationsHeld()) ?? {};
      for (const [provider, count] of Object.entries(held)) this.set({ provider }, count);
    },
  });
  new Gauge({
    name: "tolov_outbox_backlog",
    help: "Outbox events not delivered yet.",
    registers: [registry],
    async collect() {
      this.set((await sources.current?.outboxBacklog()) ?? 0);
    },
  });
  const outboxDeliveries = new Counter({
    name: "tolov_outbox_deliveries_total",
    help: "Outbox delivery attempts by channel (notification, webhook…) and outcome (delivered, failed).",
    labelNames: ["channel", "outcome"] as const,
    registers: [registry],
  });
  const outboxDeliveryFailures = new Counter({
    name: "tolov_outbox_delivery_failures_total",
    help: "Outbox delivery attempts that failed (to be retried), by channel.",
    labelNames: ["channel"] as const,
    registers: [registry],
  });
  return { registry, callbacks, callbackSeconds, outboxDeliveries, outboxDeliveryFailures, sources };
}

const holder = globalThis as typeof globalThis & { __tolovMetrics?: StoreMetrics };

/** This process's metrics (created at first use). */
export function storeMetrics(): StoreMetrics {
  return (holder.__tolovMetrics ??= createStoreMetrics());
}

/** Sets what the scrape-time gauges read (the database of this process). */
export function setMetricsSources(sources: MetricsSources): void {
  storeMetrics().sources.current = sources;
}

/**
 * Counts one provider callback: `provider` (registry id), `method` (Payme's JSON-RPC method,
 * Click's `prepare`/`complete`, Robokassa's `result`…), `outcome` (`ok` or a bounded error
 * label such as `error:-31050`), `durationMs` in milliseconds.
 */
export function countCallback(provider: string, method: string, outcome: string, durationMs: number): void {
  const metrics = storeMetrics();
  const labels = { provider, method, outcome };
  metrics.callbacks.inc(labels);
  metrics.callbackSeconds.observe(labels, durationMs / 1000);
}

/**
 * Counts one outbox delivery attempt (for the outbox dispatcher): `channel` names where it went
 * (`webhook`, `email`, `sms`, `log`), `delivered` whether the receiver took it. A failure also
 * increments `tolov_outbox_delivery_failures_total`.
 */
export function countOutboxDelivery(channel: string, delivered: boolean): void {
  const metrics = storeMetrics();
  metrics.outboxDeliveries.inc({ channel, outcome: delivered ? "delivered" : "failed" });
  if (!delivered) metrics.outboxDeliveryFailures.inc({ channel });
}

/** The Prometheus text exposition of this process's metrics, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = storeMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
