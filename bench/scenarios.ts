// The bench's scenarios: each is one kind of lifecycle (a few calls against one path, a fresh
// order each) that bench/merchant-api.ts runs against every target that serves it. Another
// provider's callbacks are one more entry in SCENARIOS (e.g. bench/click-*.ts exporting a
// Scenario): the runner itself stays as it is.
import { newPaymeId } from "../lib/payments/payme/sandbox-scenarios";
import { BENCH_AMOUNT } from "./bulk-data";

/**
 * The servers a scenario can be measured on (see bench/merchant-api.ts); `pair`: two stores on
 * one PostgreSQL database behind a round-robin proxy (test/helpers/round-robin-proxy.ts).
 */
export type Target = "physical" | "floor" | "store" | "next" | "pair";

/** One lifecycle in flight: its order and whatever its calls pass on (ids…). */
export type Lifecycle = { order: number; state: Record<string, unknown> };

export type ScenarioCall = {
  /** Shown in statements per call, e.g. "CreateTransaction". */
  name: string;
  /** The request body of this call of `lifecycle` (the first call may set `lifecycle.state`). */
  body(lifecycle: Lifecycle): string;
};

export type Scenario = {
  /** Short name, e.g. "payme". */
  name: string;
  /** The table's heading for it. */
  title: string;
  /** Request path on every target, e.g. "/api/payme". */
  path: string;
  /** Targets that serve it (the physical floor and the handler floor speak Payme only). */
  targets: readonly Target[];
  /** The calls of one lifecycle, in order. */
  calls: readonly ScenarioCall[];
  /** Headers of every request; `env` is the store's environment (keys, merchant ids). */
  headers(env: Readonly<Record<string, string>>): Record<string, string>;
  /** An answer that refuses or fails the call (counted as an error, never ends the run). */
  failed(status: number, body: string): boolean;
};

/** Payme Merchant API: CreateTransaction → PerformTransaction → CheckTransaction, Basic auth. */
export const paymeLifecycle: Scenario = {
  name: "payme",
  title: "Payme lifecycles (Create → Perform → CheckTransaction, fresh order each)",
  path: "/api/payme",
  targets: ["physical", "floor", "store", "next", "pair"],
  calls: [
    {
      name: "CreateTransaction",
      body(lifecycle) {
        const id = newPaymeId();
        const time = Date.now();
        lifecycle.state.id = id;
        lifecycle.state.time = time;
        return JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "CreateTransaction",
          params: { id, time, amount: Number(BENCH_AMOUNT), account: { order_id: String(lifecycle.order) } },
        });
      },
    },
    { name: "PerformTransaction", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 2, method: "PerformTransaction", params: { id: lifecycle.state.id } }) },
    { name: "CheckTransaction", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 3, method: "CheckTransaction", params: { id: lifecycle.state.id } }) },
  ],
  headers: (env) => ({ authorization: `Basic ${Buffer.from(`Paycom:${env.PAYME_TEST_KEY}`).toString("base64")}`, "content-type": "application/json" }),
  failed: (status, body) => status !== 200 || body.includes('"error"'),
};

/**
 * Payme's duplicate callbacks, as Payme sends them when an answer is late: CreateTransaction
 * twice, PerformTransaction three times, then CheckTransaction, a fresh order each. On one store
 * and on two behind a round-robin proxy (the copies of one lifecycle land on both instances).
 */
export const paymeDuplicates: Scenario = {
  name: "payme-duplicates",
  title: "Payme duplicate callbacks (Create ×2 → Perform ×3 → CheckTransaction, fresh order each)",
  path: "/api/payme",
  targets: ["store", "pair"],
  calls: [
    paymeLifecycle.calls[0]!,
    { name: "CreateTransaction again", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 4, method: "CreateTransaction", params: { id: lifecycle.state.id, time: lifecycle.state.time, amount: Number(BENCH_AMOUNT), account: { order_id: String(lifecycle.order) } } }) },
    paymeLifecycle.calls[1]!,
    { name: "PerformTransaction again", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 5, method: "PerformTransaction", params: { id: lifecycle.state.id } }) },
    { name: "PerformTransaction third", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 6, method: "PerformTransaction", params: { id: lifecycle.state.id } }) },
    paymeLifecycle.calls[2]!,
  ],
  headers: paymeLifecycle.headers,
  failed: paymeLifecycle.failed,
};

/** Every scenario the bench runs, in this order. */
export const SCENARIOS: readonly Scenario[] = [paymeLifecycle, paymeDuplicates];
