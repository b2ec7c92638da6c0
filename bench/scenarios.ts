// The bench's scenarios: each is one kind of lifecycle (a few calls against one path, a fresh
// order each) that bench/merchant-api.ts runs against every target that serves it. Another
// provider's callbacks are one more entry in SCENARIOS (e.g. bench/click-*.ts exporting a
// Scenario): the runner itself stays as it is.
import { newPaymeId } from "../lib/payments/payme/sandbox-scenarios";
import { BENCH_AMOUNT } from "./bulk-data";

/** The servers a scenario can be measured on (see bench/merchant-api.ts). */
export type Target = "physical" | "floor" | "store" | "next";

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
  targets: ["physical", "floor", "store", "next"],
  calls: [
    {
      name: "CreateTransaction",
      body(lifecycle) {
        const id = newPaymeId();
        lifecycle.state.id = id;
        return JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "CreateTransaction",
          params: { id, time: Date.now(), amount: Number(BENCH_AMOUNT), account: { order_id: String(lifecycle.order) } },
        });
      },
    },
    { name: "PerformTransaction", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 2, method: "PerformTransaction", params: { id: lifecycle.state.id } }) },
    { name: "CheckTransaction", body: (lifecycle) => JSON.stringify({ jsonrpc: "2.0", id: 3, method: "CheckTransaction", params: { id: lifecycle.state.id } }) },
  ],
  headers: (env) => ({ authorization: `Basic ${Buffer.from(`Paycom:${env.PAYME_TEST_KEY}`).toString("base64")}`, "content-type": "application/json" }),
  failed: (status, body) => status !== 200 || body.includes('"error"'),
};

/** Every scenario the bench runs, in this order. */
export const SCENARIOS: readonly Scenario[] = [paymeLifecycle];
