import { z } from "zod";
import type { SqlExecutor } from "../../db/sql";
import { paymentsModeSchema } from "../../env";
import { readSettings } from "../../settings/settings";
export { sandboxClickCredentials } from "./sandbox-credentials";
import { digitsInput, checkboxInput, modeInput, secretInput, storedBoolean, type FieldView } from "../../merchant-keys/form-fields";

export const CLICK_PREFIX = "click.";

/** Click's settings as the callbacks and the pay link read them. */
export const clickSettingsSchema = z.object({
  serviceId: z.string().default(""),
  merchantId: z.string().default(""),
  merchantUserId: z.string().default(""),
  secretKey: z.string().optional(),
  mode: paymentsModeSchema.default("sandbox"),
  /** How long a Prepare without Complete holds the order (DESIGN.md: default 30 min). */
  reservationMinutes: z.coerce.number().int().min(1).max(1440).default(30),
  checkout: storedBoolean(true),
});
export type ClickSettings = z.infer<typeof clickSettingsSchema>;

export async function loadClickSettings(sql: SqlExecutor, appSecret: string): Promise<ClickSettings> {
  const stored = await readSettings(sql, CLICK_PREFIX, appSecret);
  return clickSettingsSchema.parse(Object.fromEntries([...stored].map(([key, value]) => [key.slice(CLICK_PREFIX.length), value])));
}

/** The admin form (strings in, stored strings out). */
export const clickKeysForm = z.object({
  serviceId: digitsInput(20),
  merchantId: digitsInput(20),
  merchantUserId: digitsInput(20),
  secretKey: secretInput,
  mode: modeInput,
  reservationMinutes: z.coerce
    .number({ error: "expected minutes" })
    .int("expected whole minutes")
    .min(1, "from 1 to 1440 minutes")
    .max(1440, "from 1 to 1440 minutes")
    .transform(String),
  checkout: checkboxInput,
});

export const clickFields: FieldView[] = [
  { name: "serviceId", type: "text", required: true },
  { name: "merchantId", type: "text", required: true },
  { name: "merchantUserId", type: "text" },
  { name: "secretKey", type: "secret" },
  { name: "mode", type: "select", options: paymentsModeSchema.options },
  { name: "reservationMinutes", type: "number", min: 1, max: 1440 },
  { name: "checkout", type: "boolean" },
];
