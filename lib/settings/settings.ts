import type { SqlExecutor } from "../db/sql";
import { decryptSecret, encryptSecret } from "../payments/secret-box";

/**
 * Key–value settings in the `Setting` table. Secret values are stored encrypted with APP_SECRET
 * and decrypted only on the server.
 */
export type SettingRow = { key: string; value: string; encrypted: boolean | number };

export async function readSettings(sql: SqlExecutor, prefix: string, appSecret: string): Promise<Map<string, string>> {
  const rows = await sql.all<SettingRow>(`SELECT "key", "value", "encrypted" FROM "Setting" WHERE "key" LIKE ?`, [`${prefix}%`]);
  return new Map(rows.map((row) => [row.key, row.encrypted ? decryptSecret(row.value, appSecret) : row.value]));
}

type SettingOptions = { secret: boolean; appSecret: string };

async function upsertSetting(sql: SqlExecutor, key: string, value: string, options: SettingOptions, onConflict: string): Promise<void> {
  const stored = options.secret ? encryptSecret(value, options.appSecret) : value;
  await sql.run(`INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("key") ${onConflict}`, [
    key,
    stored,
    options.secret,
    new Date(),
  ]);
}

export function writeSetting(sql: SqlExecutor, key: string, value: string, options: SettingOptions): Promise<void> {
  return upsertSetting(
    sql,
    key,
    value,
    options,
    `DO UPDATE SET "value" = excluded."value", "encrypted" = excluded."encrypted", "updatedAt" = excluded."updatedAt"`,
  );
}

/** Writes the setting only when it has never been set (seeding from the environment). */
export function seedSetting(sql: SqlExecutor, key: string, value: string, options: SettingOptions): Promise<void> {
  return upsertSetting(sql, key, value, options, "DO NOTHING");
}
