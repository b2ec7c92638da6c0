import { resolve } from "node:path";
import { createDb } from "./db/client";
import { createSql } from "./db/sql";
import { seedMerchantKeys } from "./merchant-keys/seed-merchant-keys";
import { applyPendingMigrations, withDatabaseLock } from "./db/migrate";
import { env, parseEnv, resetEnvCache, type Env } from "./env";
import { seedDemoCatalog } from "./orders/seed-demo-catalog";
import { loadOrCreateGeneratedSecrets } from "./secrets";

export type StartReport = {
  env: Env;
  appliedMigrations: string[];
  seededProducts: number;
  /** Set only on the start that generated it: print it once. */
  generatedAdminPassword?: string;
  secretsPath?: string;
};

/**
 * What `npm start` does before serving: validate the configuration, fill in generated secrets
 * outside live mode, then migrate and seed under a database lock so that instances started at
 * once on one database do it once.
 */
export async function prepareStart(source: NodeJS.ProcessEnv = process.env): Promise<StartReport> {
  let config = parseEnv(source);
  let generatedAdminPassword: string | undefined;
  let secretsPath: string | undefined;
  if (!config.APP_SECRET || !config.ADMIN_PASSWORD) {
    const generated = loadOrCreateGeneratedSecrets(resolve(config.DATA_DIR));
    secretsPath = generated.path;
    if (!config.ADMIN_PASSWORD && generated.created) generatedAdminPassword = generated.secrets.ADMIN_PASSWORD;
    source.APP_SECRET ||= generated.secrets.APP_SECRET;
    source.ADMIN_PASSWORD ||= generated.secrets.ADMIN_PASSWORD;
    source.TOLOV_GENERATED_SECRETS = [!config.APP_SECRET && "APP_SECRET", !config.ADMIN_PASSWORD && "ADMIN_PASSWORD"]
      .filter(Boolean)
      .join(",");
    config = parseEnv(source);
  }
  resetEnvCache();
  const url = env().DATABASE_URL;
  const { appliedMigrations, seededProducts } = await withDatabaseLock(url, async () => {
    const applied = await applyPendingMigrations(url);
    const db = createDb(url);
    const sql = createSql(url);
    try {
      await seedMerchantKeys(sql, config, config.APP_SECRET!);
      return { appliedMigrations: applied, seededProducts: await seedDemoCatalog(db) };
    } finally {
      await Promise.all([db.$disconnect(), sql.close()]);
    }
  });
  return { env: config, appliedMigrations, seededProducts, generatedAdminPassword, secretsPath };
}
