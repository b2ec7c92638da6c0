import { defineIntegration } from "../payments/provider";
import { EXCHANGE_1C_PREFIX, exchange1cFields, exchange1cForm } from "./exchange-1c-settings";

/**
 * The 1C exchange (CommerceML on `/api/1c/exchange`): not a payment provider, but it has a
 * settings section, a callback URL, an admin page and routes like one, so it sits in the same registry.
 */
export const exchange1cIntegration = defineIntegration({
  id: "exchange1c",
  settings: {
    id: "exchange1c",
    prefix: EXCHANGE_1C_PREFIX,
    form: exchange1cForm,
    fields: exchange1cFields,
    secrets: ["password"],
    defaults: { login: "", encoding: "utf-8", timeZone: "Asia/Tashkent" },
    // DESIGN.md "Contract": the exchange user is seeded on an empty database from the environment.
    seed: ({ env }) => ({ values: { login: env.EXCHANGE_1C_LOGIN }, secrets: { password: env.EXCHANGE_1C_PASSWORD } }),
  },
  /** The exchange's history and import reports (app/admin/exchange-1c). */
  adminPages: [{ path: "/admin/exchange-1c", label: "nav.exchange1c" }],
  callbackUrls: ({ publicUrl }) => [{ label: "callbacks.exchange1c", url: `${publicUrl}/api/1c/exchange`, method: "GET, POST" }],
});
