import { sql as processSql } from "../../../db";
import type { SqlDatabase } from "../../../db/sql";
import { env as processEnv, type Env } from "../../../env";
import { createPaymeSettingsCache } from "../payme-settings";
import { paymeSubscribeUrl } from "../payme-urls";
import type { ReceiptsContext } from "./context";

/**
 * The receipts context of one process: the driver-level SQL handle, Payme's settings (read at
 * most once a second, as the Merchant API reads them) and the Subscribe endpoint of the
 * cashbox's mode. No `server-only` here: the plain-Node custom server (server.ts) runs the polls
 * with it. Next.js code imports `./index`, which is marked `server-only`.
 */
export function createReceiptsContext(sql: SqlDatabase, appSecret: string, env: Env): ReceiptsContext {
  const cache = createPaymeSettingsCache(sql, appSecret);
  return {
    sql,
    settings: () => cache.get(),
    endpoint: (settings) => paymeSubscribeUrl(settings.mode, env),
    now: Date.now,
  };
}

const globalForReceipts = globalThis as unknown as { tolovReceipts?: ReceiptsContext };

export function receiptsContext(): ReceiptsContext {
  const env = processEnv();
  if (!env.APP_SECRET) throw new Error("APP_SECRET is not set: start the store with npm start");
  globalForReceipts.tolovReceipts ??= createReceiptsContext(processSql(), env.APP_SECRET, env);
  return globalForReceipts.tolovReceipts;
}
