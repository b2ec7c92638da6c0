import { loadTrustedProxies } from "../../../http/trusted-proxies";
import type { SqlDatabase } from "../../../db/sql";
import { recordAudit } from "../../../admin/audit";
import { writeSetting } from "../../../settings/settings";
import { activeKeySetting, createPaymeSettingsCache } from "../payme-settings";
import type { MerchantDeps } from "./dispatch";

/** The Merchant API's dependencies for one process. */
export function createMerchantDeps(sql: SqlDatabase, appSecret: string): MerchantDeps {
  const cache = createPaymeSettingsCache(sql, appSecret);
  const settings = () => cache.get();
  return {
    sql,
    settings,
    trustedProxies: () => loadTrustedProxies(sql),
    async changeKey(password) {
      const current = await settings();
      await writeSetting(sql, activeKeySetting(current.mode), password, { secret: true, appSecret });
      cache.invalidate();
      const field = activeKeySetting(current.mode).slice("payme.".length);
      await recordAudit(sql, { action: "payme.change_password", actor: "payme", outcome: "ok", target: "settings:payme", detail: { fields: [field] } });
    },
    onError(error, method) {
      console.error(`payme: ${method} failed:`, error instanceof Error ? error.message : String(error));
    },
  };
}
