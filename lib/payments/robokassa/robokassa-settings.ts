import { createHmac } from "node:crypto";
import { z } from "zod";
import type { SqlExecutor } from "../../db/sql";
import { paymentsModeSchema, robokassaHashSchema } from "../../env";
import { readSettings } from "../../settings/settings";
import { addressListInput, checkboxInput, modeInput, secretInput, storedBoolean, type FieldView } from "../../merchant-keys/form-fields";

export const ROBOKASSA_PREFIX = "robokassa.";

/** Robokassa's settings as the pay link, ResultURL and refunds read them. */
export const robokassaSettingsSchema = z.object({
  login: z.string().default(""),
  password1: z.string().optional(),
  password2: z.string().optional(),
  /** Signs refund requests (JWT). */
  password3: z.string().optional(),
  testPassword1: z.string().optional(),
  testPassword2: z.string().optional(),
  hash: robokassaHashSchema.default("md5"),
  mode: paymentsModeSchema.default("sandbox"),
  /** ResultURL only from Robokassa's addresses (185.59.216.65, 185.59.217.65). */
  ipAllowlist: storedBoolean(false),
  trustedProxies: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((item) => item.trim()).filter(Boolean)),
  checkout: storedBoolean(true),
});
export type RobokassaSettings = z.infer<typeof robokassaSettingsSchema>;

export async function loadRobokassaSettings(sql: SqlExecutor, appSecret: string): Promise<RobokassaSettings> {
  const stored = await readSettings(sql, ROBOKASSA_PREFIX, appSecret);
  return robokassaSettingsSchema.parse(
    Object.fromEntries([...stored].map(([key, value]) => [key.slice(ROBOKASSA_PREFIX.length), value])),
  );
}

/** Robokassa's test passwords in sandbox and test mode (`IsTest=1`), the real ones in live mode. */
export function robokassaPasswords(settings: RobokassaSettings): { password1?: string; password2?: string } {
  return settings.mode === "live"
    ? { password1: settings.password1, password2: settings.password2 }
    : { password1: settings.testPassword1, password2: settings.testPassword2 };
}

export const robokassaKeysForm = z.object({
  login: z.string().trim().max(64, "at most 64 characters").regex(/^[\w.-]*$/, "letters, digits, _ . - only"),
  password1: secretInput,
  password2: secretInput,
  password3: secretInput,
  testPassword1: secretInput,
  testPassword2: secretInput,
  hash: robokassaHashSchema,
  mode: modeInput,
  ipAllowlist: checkboxInput,
  trustedProxies: addressListInput,
  checkout: checkboxInput,
});

export const robokassaFields: FieldView[] = [
  { name: "login", type: "text", required: true },
  { name: "password1", type: "secret" },
  { name: "password2", type: "secret" },
  { name: "password3", type: "secret" },
  { name: "testPassword1", type: "secret" },
  { name: "testPassword2", type: "secret" },
  { name: "hash", type: "select", options: robokassaHashSchema.options },
  { name: "mode", type: "select", options: paymentsModeSchema.options },
  { name: "ipAllowlist", type: "boolean" },
  { name: "trustedProxies", type: "text", placeholder: "10.0.0.1, 10.0.0.2" },
  { name: "checkout", type: "boolean" },
];

export function sandboxRobokassaCredentials(appSecret: string) {
  const derive = (label: string) => createHmac("sha256", appSecret).update(`tolov sandbox ${label}`).digest("hex").slice(0, 24);
  return {
    login: "tolov-sandbox",
    testPassword1: derive("robokassa test password 1"),
    testPassword2: derive("robokassa test password 2"),
    password3: derive("robokassa password 3"),
  };
}
