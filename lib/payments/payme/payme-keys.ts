import { z } from "zod";
import { paymentsModeSchema } from "../../env";
import { addressListInput, checkboxInput, modeInput, secretInput, type FieldView } from "../../merchant-keys/form-fields";

/**
 * The admin form for Payme's cashbox. The stored keys are the ones lib/payments/payme/payme-settings.ts
 * reads (`payme.*`), plus `payme.checkout` (show Payme at checkout).
 */
export const paymeKeysForm = z.object({
  merchantId: z.string().trim().max(64, "at most 64 characters").regex(/^[A-Za-z0-9]*$/, "letters and digits only"),
  key: secretInput,
  testKey: secretInput,
  login: z.string().trim().min(1, "required (Payme's default is Paycom)").max(64),
  accountField: z
    .string()
    .trim()
    .regex(/^[a-z_][a-z0-9_]{0,31}$/i, "Latin letters, digits and _ (e.g. order_id)"),
  mode: modeInput,
  billing: checkboxInput,
  ipAllowlist: checkboxInput,
  trustedProxies: addressListInput,
  checkout: checkboxInput,
});

export const paymeFields: FieldView[] = [
  { name: "merchantId", type: "text", required: true },
  { name: "key", type: "secret" },
  { name: "testKey", type: "secret" },
  { name: "login", type: "text", placeholder: "Paycom" },
  { name: "accountField", type: "text", placeholder: "order_id" },
  { name: "mode", type: "select", options: paymentsModeSchema.options },
  { name: "billing", type: "boolean" },
  { name: "ipAllowlist", type: "boolean" },
  { name: "trustedProxies", type: "text", placeholder: "10.0.0.1, 10.0.0.2" },
  { name: "checkout", type: "boolean" },
];
