import type { SqlExecutor } from "../db/sql";
import type { Env } from "../env";
import { integrations } from "../payments/registry";
import { seedSetting } from "../settings/settings";

/**
 * Seeds every integration's settings from the environment on first start, as each registry
 * entry's `settings.seed` says (in sandbox mode, credentials not given are derived from
 * APP_SECRET). Values already stored — the admin's edits — win.
 */
export async function seedMerchantKeys(sql: SqlExecutor, env: Env, appSecret: string): Promise<void> {
  for (const { settings } of integrations) {
    if (!settings.seed) continue;
    const { values, secrets } = settings.seed({ env, appSecret });
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined) await seedSetting(sql, settings.prefix + name, value, { secret: false, appSecret });
    }
    for (const [name, value] of Object.entries(secrets)) {
      if (value !== undefined && settings.secrets.includes(name)) await seedSetting(sql, settings.prefix + name, value, { secret: true, appSecret });
    }
  }
}
