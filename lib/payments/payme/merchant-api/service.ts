import type { SqlDatabase } from "../../../db/sql";
import { writeSetting } from "../../../settings/settings";
import { activeKeySetting, loadPaymeSettings, type PaymeSettings } from "../payme-settings";
import type { MerchantDeps } from "./dispatch";

/**
 * The Merchant API's dependencies for one process. Settings are read at most once a second
 * (a key rotated by ChangePassword on another instance is seen within a second; on this
 * instance at once).
 */
export function createMerchantDeps(sql: SqlDatabase, appSecret: string): MerchantDeps {
  let cached: { at: number; settings: Promise<PaymeSettings> } | undefined;
  const settings = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 1000) {
      const loading = loadPaymeSettings(sql, appSecret);
      cached = { at: now, settings: loading };
      loading.catch(() => {
        if (cached?.settings === loading) cached = undefined;
      });
    }
    return cached.settings;
  };
  return {
    sql,
    settings,
    async changeKey(password) {
      const current = await settings();
      await writeSetting(sql, activeKeySetting(current.mode), password, { secret: true, appSecret });
      cached = undefined;
      console.info(`payme: ChangePassword rotated the ${current.mode === "live" ? "live" : "test"} key`);
    },
    onError(error, method) {
      console.error(`payme: ${method} failed:`, error instanceof Error ? error.message : String(error));
    },
  };
}
