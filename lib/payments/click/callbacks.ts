import { sql } from "../../db";
import type { SqlDatabase } from "../../db/sql";
import { env } from "../../env";
import { loadClickSettings } from "./click-settings";
import type { ClickCallbackDeps } from "./handle-callback";
import { createClickSettlementStore } from "./settlement-store";

/**
 * The SHOP API callbacks' dependencies for one process: the settings read per callback (an
 * admin's change of keys or window applies at once, on every instance) and the store on the
 * settlement core. Shared by server.ts's fast path and the Next.js routes.
 */
export function createClickCallbackDeps(database: SqlDatabase, appSecret: string): ClickCallbackDeps {
  return {
    store: createClickSettlementStore(database),
    async settings() {
      const settings = await loadClickSettings(database, appSecret);
      return { serviceId: settings.serviceId, secretKey: settings.secretKey, windowMs: settings.reservationMinutes * 60_000 };
    },
    onError(error, endpoint) {
      // The message only: a driver error may quote the request's values, never the secret.
      console.error(`click: ${endpoint} failed:`, error instanceof Error ? error.message : String(error));
    },
  };
}

let deps: ClickCallbackDeps | undefined;

/** This process's callback dependencies (the store's database, APP_SECRET for the stored secret key). */
export function clickCallbackDeps(): ClickCallbackDeps {
  const appSecret = env().APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  deps ??= createClickCallbackDeps(sql(), appSecret);
  return deps;
}
