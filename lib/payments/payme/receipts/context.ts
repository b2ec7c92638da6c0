import type { SqlDatabase } from "../../../db/sql";
import { activeKey, type PaymeSettings } from "../payme-settings";
import { createSubscribeClient, type SubscribeClient, type SubscribeClientOptions } from "../subscribe/server-client";

/**
 * What the receipt functions need: the database (driver-level SQL, the same layer the Merchant
 * API writes the ledger through), Payme's settings (cashbox id, key of the mode, billing), the
 * Subscribe endpoint of the mode, and a clock. `service.ts` builds the process's one; tests
 * build their own.
 */
export type ReceiptsContext = {
  sql: SqlDatabase;
  settings: () => Promise<PaymeSettings>;
  /** The Subscribe JSON-RPC endpoint for the cashbox's mode. */
  endpoint: (settings: PaymeSettings) => string;
  now: () => number;
  /** Timeouts and retry pauses of the Subscribe client (defaults suit production). */
  client?: Pick<SubscribeClientOptions, "timeoutMs" | "payTimeoutMs" | "retryDelayMs" | "fetch">;
  /** Card-free, key-free lines for the operator (codes, receipt ids, order numbers). */
  log?: (message: string) => void;
};

export type PaymeCashbox = { settings: PaymeSettings; client: SubscribeClient };

/** The cashbox's settings and a Subscribe client for them, or undefined when id or key is missing. */
export async function cashboxFor(ctx: ReceiptsContext): Promise<PaymeCashbox | undefined> {
  const settings = await ctx.settings();
  const key = activeKey(settings);
  if (!settings.merchantId || !key) return undefined;
  return {
    settings,
    client: createSubscribeClient({ endpoint: ctx.endpoint(settings), merchantId: settings.merchantId, key, ...ctx.client }),
  };
}

export function logLine(ctx: ReceiptsContext, message: string): void {
  (ctx.log ?? ((line: string) => console.info(`payme receipts: ${line}`)))(message);
}
