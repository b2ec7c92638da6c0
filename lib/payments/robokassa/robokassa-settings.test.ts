import { describe, expect, it } from "vitest";
import { buildRobokassaReceipt } from "./receipt";
import { robokassaFields, robokassaKeysForm, robokassaReceiptDefaults, robokassaSettingsSchema } from "./robokassa-settings";

const secrets = { password1: "", password2: "", password3: "", testPassword1: "", testPassword2: "" };
const form = { login: "shop", hash: "sha256", mode: "test", trustedProxies: "", ...secrets };

describe("Robokassa's Receipt defaults in the admin", () => {
  it("offers Robokassa's documented values as select fields", () => {
    const options = Object.fromEntries(robokassaFields.flatMap((field) => (field.type === "select" ? [[field.name, field.options]] : [])));
    expect(options.sno).toEqual(["cabinet", "osn", "usn_income", "usn_income_outcome", "esn", "patent"]);
    expect(options.tax).toContain("vat20");
    expect(options.tax).toContain("vat122");
    expect(options.paymentMethod).toEqual(["full_prepayment", "prepayment", "advance", "full_payment", "partial_payment", "credit", "credit_payment"]);
    expect(options.paymentObject).toContain("service");
    expect(options.paymentObject).toHaveLength(13);
  });

  it("accepts documented values and refuses others", () => {
    expect(robokassaKeysForm.safeParse({ ...form, sno: "osn", tax: "vat10", paymentMethod: "advance", paymentObject: "job" }).success).toBe(true);
    expect(robokassaKeysForm.safeParse({ ...form, sno: "osn", tax: "vat18", paymentMethod: "advance", paymentObject: "job" }).success).toBe(false);
    expect(robokassaKeysForm.safeParse({ ...form, sno: "simplified", tax: "none", paymentMethod: "advance", paymentObject: "job" }).success).toBe(false);
  });

  it("defaults to no sno, no VAT, full prepayment, goods; the Receipt carries what was set", () => {
    const unset = robokassaSettingsSchema.parse({});
    expect(robokassaReceiptDefaults(unset)).toEqual({ tax: "none", paymentMethod: "full_prepayment", paymentObject: "commodity" });
    const set = robokassaSettingsSchema.parse({ sno: "patent", tax: "vat5", paymentMethod: "full_payment", paymentObject: "service" });
    const built = buildRobokassaReceipt([{ name: "Tea", quantity: 1, amount: 100_000n }], 896n, robokassaReceiptDefaults(set));
    expect(built.ok && built.json).toBe('{"sno":"patent","items":[{"name":"Tea","quantity":1,"sum":8.96,"payment_method":"full_payment","payment_object":"service","tax":"vat5"}]}');
  });
});
