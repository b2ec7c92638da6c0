import type { z } from "zod";
import { ADMIN_PREFIX, adminSecurityFields, adminSecurityForm } from "./admin-security-settings";
import { CLICK_PREFIX, clickFields, clickKeysForm } from "./click-settings";
import { EXCHANGE_1C_PREFIX, exchange1cFields, exchange1cForm } from "./exchange-1c-settings";
import type { FieldView } from "./form-fields";
import { paymeFields, paymeKeysForm } from "./payme-keys";
import { ROBOKASSA_PREFIX, robokassaFields, robokassaKeysForm } from "./robokassa-settings";

/**
 * Every settings form of the admin, one registry (add a provider here with its form schema).
 * `secrets` are encrypted at rest and never leave the server; `liveRequires` must be set before
 * the section's mode can be `live`.
 */
export type SectionSpec = {
  id: SectionId;
  prefix: string;
  form: z.ZodType<Record<string, string | undefined>>;
  fields: FieldView[];
  secrets: readonly string[];
  liveRequires?: readonly string[];
  /** What a setting never written means (the loaders' schema defaults): writing it changes nothing. */
  defaults: Readonly<Record<string, string>>;
};

export const sectionIds = ["payme", "click", "robokassa", "exchange1c", "admin"] as const;
export type SectionId = (typeof sectionIds)[number];

export const sections: Readonly<Record<SectionId, SectionSpec>> = {
  payme: {
    id: "payme",
    prefix: "payme.",
    form: paymeKeysForm,
    fields: paymeFields,
    secrets: ["key", "testKey"],
    liveRequires: ["merchantId", "key"],
    defaults: { merchantId: "", login: "Paycom", accountField: "order_id", mode: "sandbox", billing: "true", ipAllowlist: "false", trustedProxies: "", checkout: "true" },
  },
  click: {
    id: "click",
    prefix: CLICK_PREFIX,
    form: clickKeysForm,
    fields: clickFields,
    secrets: ["secretKey"],
    liveRequires: ["serviceId", "merchantId", "secretKey"],
    defaults: { serviceId: "", merchantId: "", merchantUserId: "", mode: "sandbox", reservationMinutes: "30", checkout: "true" },
  },
  robokassa: {
    id: "robokassa",
    prefix: ROBOKASSA_PREFIX,
    form: robokassaKeysForm,
    fields: robokassaFields,
    secrets: ["password1", "password2", "password3", "testPassword1", "testPassword2"],
    liveRequires: ["login", "password1", "password2"],
    defaults: { login: "", hash: "md5", mode: "sandbox", ipAllowlist: "false", trustedProxies: "", checkout: "true" },
  },
  exchange1c: {
    id: "exchange1c",
    prefix: EXCHANGE_1C_PREFIX,
    form: exchange1cForm,
    fields: exchange1cFields,
    secrets: ["password"],
    defaults: { login: "", encoding: "utf-8", timeZone: "Asia/Tashkent" },
  },
  admin: {
    id: "admin",
    prefix: ADMIN_PREFIX,
    form: adminSecurityForm,
    fields: adminSecurityFields,
    secrets: [],
    defaults: { trustedProxies: "" },
  },
};

export function isSectionId(value: unknown): value is SectionId {
  return typeof value === "string" && (sectionIds as readonly string[]).includes(value);
}
