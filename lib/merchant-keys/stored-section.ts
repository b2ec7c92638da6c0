import type { SqlExecutor } from "../db/sql";
import { decryptSecret } from "../payments/secret-box";
import type { SectionSpec } from "./sections";

type Row = { key: string; value: string; encrypted: boolean | number };

export type StoredValue = { value: string; encrypted: boolean } | { undecryptable: true };

/**
 * A section's stored values, secrets decrypted one by one (a secret sealed with another
 * APP_SECRET is reported, not fatal: the merchant re-enters it). Server-only.
 */
export async function readSection(sql: SqlExecutor, spec: SectionSpec, appSecret: string): Promise<Map<string, StoredValue>> {
  const names = new Set(spec.fields.map((field) => field.name));
  const rows = await sql.all<Row>(`SELECT "key", "value", "encrypted" FROM "Setting" WHERE "key" LIKE ?`, [`${spec.prefix}%`]);
  const values = new Map<string, StoredValue>();
  for (const row of rows) {
    const name = row.key.slice(spec.prefix.length);
    if (!names.has(name)) continue;
    if (!row.encrypted) {
      values.set(name, { value: row.value, encrypted: false });
      continue;
    }
    try {
      values.set(name, { value: decryptSecret(row.value, appSecret), encrypted: true });
    } catch {
      values.set(name, { undecryptable: true });
    }
  }
  return values;
}

/**
 * What the page may show of a secret: `••••` and its last 4 characters, and only when it is long
 * enough that 4 characters give little away.
 */
export function maskStoredSecret(secret: string): string {
  return secret.length >= 8 ? `••••${secret.slice(-4)}` : "••••";
}
