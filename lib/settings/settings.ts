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

export async function writeSetting(
  sql: SqlExecutor,
  key: string,
  value: string,
  options: { secret: boolean; appSecret: string },
): Promise<void> {
  const stored = options.secret ? encryptSecret(value, options.appSecret) : value;
  await sql.run(
    `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, ?, ?)
     ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "encrypted" = excluded."encrypted", "updatedAt" = excluded."updatedAt"`,
    [key, stored, options.secret, new Date()],
  );
}

/** Writes the setting only when it has never been set (seeding from the environment). */
export async function seedSetting(
  sql: SqlExecutor,
  key: string,
  value: string,
  options: { secret: boolean; appSecret: string },
): Promise<void> {
  const stored = options.secret ? encryptSecret(value, options.appSecret) : value;
  await sql.run(
    `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING`,
    [key, stored, options.secret, new Date()],
  );
}
