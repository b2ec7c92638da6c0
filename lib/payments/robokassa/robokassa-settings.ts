import { z } from "zod";
import type { SqlExecutor } from "../../db/sql";
import { paymentsModeSchema, robokassaHashSchema } from "../../env";
import { readSettings } from "../../settings/settings";
import { addressListInput, checkboxInput, modeInput, secretInput, storedBoolean, type FieldView } from "../../merchant-keys/form-fields";
import { robokassaPaymentMethod, robokassaPaymentObject, robokassaSno, robokassaTax, type RobokassaReceiptDefaults } from "./receipt";

export const ROBOKASSA_PREFIX = "robokassa.";

/** The `sno` setting's value for "send none": the tax system set in Robokassa's cabinet applies. */
export const SNO_FROM_CABINET = "cabinet";
const snoSetting = z.enum([SNO_FROM_CABINET, ...robokassaSno.options]);

/**
 * The 54-FZ Receipt's defaults (protocol file "Receipt") until the admin changes them: no `sno`
 * (the cabinet's), no VAT, full prepayment, goods.
 */
export const receiptSettingDefaults = { sno: SNO_FROM_CABINET, tax: "none", paymentMethod: "full_prepayment", paymentObject: "commodity" } as const;

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
  /** Receipt defaults: every item of the Receipt gets these (issue 12 items 1 and 5). */
  sno: snoSetting.default(receiptSettingDefaults.sno),
  tax: robokassaTax.default(receiptSettingDefaults.tax),
  paymentMethod: robokassaPaymentMethod.default(receiptSettingDefaults.paymentMethod),
  paymentObject: robokassaPaymentObject.default(receiptSettingDefaults.paymentObject),
});
export type RobokassaSettings = z.infer<typeof robokassaSettingsSchema>;

export async function loadRobokassaSettings(sql: SqlExecutor, appSecret: string): Promise<RobokassaSettings> {
  const stored = await readSettings(sql, ROBOKASSA_PREFIX, appSecret);
  return robokassaSettingsSchema.parse(
    Object.fromEntries([...stored].map(([key, value]) => [key.slice(ROBOKASSA_PREFIX.length), value])),
  );
}

/** The Receipt's `sno`, `tax`, `payment_method` and `payment_object` as the admin set them. */
export function robokassaReceiptDefaults(settings: Pick<RobokassaSettings, "sno" | "tax" | "paymentMethod" | "paymentObject">): RobokassaReceiptDefaults {
  return {
    ...(settings.sno === SNO_FROM_CABINET ? {} : { sno: settings.sno }),
    tax: settings.tax,
    paymentMethod: settings.paymentMethod,
    paymentObject: settings.paymentObject,
  };
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
  // Absent from a submission (an older form): the stored value stays.
  sno: snoSetting.optional(),
  tax: robokassaTax.optional(),
  paymentMethod: robokassaPaymentMethod.optional(),
  paymentObject: robokassaPaymentObject.optional(),
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
  { name: "sno", type: "select", options: snoSetting.options },
  { name: "tax", type: "select", options: robokassaTax.options },
  { name: "paymentMethod", type: "select", options: robokassaPaymentMethod.options },
  { name: "paymentObject", type: "select", options: robokassaPaymentObject.options },
];

export { sandboxRobokassaCredentials } from "./sandbox-credentials";
