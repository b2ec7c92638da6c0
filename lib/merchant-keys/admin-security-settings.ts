import { z } from "zod";
import type { SqlExecutor } from "../db/sql";
import { addressListInput, type FieldView } from "./form-fields";

export const ADMIN_PREFIX = "admin.";

/** Reverse proxies in front of the store whose X-Forwarded-For the admin's sign-in throttle believes. */
export const adminSecuritySchema = z.object({
  trustedProxies: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean)),
});
export type AdminSecuritySettings = z.infer<typeof adminSecuritySchema>;

export async function loadAdminSecuritySettings(sql: SqlExecutor): Promise<AdminSecuritySettings> {
  const row = await sql.get<{ value: string }>(`SELECT "value" FROM "Setting" WHERE "key" = ?`, [`${ADMIN_PREFIX}trustedProxies`]);
  return adminSecuritySchema.parse({ trustedProxies: row?.value });
}

export const adminSecurityForm = z.object({ trustedProxies: addressListInput });
export const adminSecurityFields: FieldView[] = [{ name: "trustedProxies", type: "text", placeholder: "10.0.0.1, 10.0.0.2" }];
