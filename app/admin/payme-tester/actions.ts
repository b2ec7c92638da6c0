"use server";

import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { activeKey, loadPaymeSettings } from "@/lib/payments/payme/payme-settings";
import { runPaymeTester, type TesterOutcome } from "./run-tester";

/**
 * Runs the Payme sandbox scenarios against an endpoint (ours by default). A server action is a
 * public POST endpoint: the admin password is checked here, on every call.
 */
export async function runPaymeTesterAction(_previous: TesterOutcome | null, formData: FormData): Promise<TesterOutcome> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const config = env();
  return runPaymeTester(
    { password: text("password"), url: text("url"), key: text("key"), order: text("order"), amount: text("amount") },
    {
      adminPassword: config.ADMIN_PASSWORD,
      publicUrl: config.PUBLIC_URL,
      async ourPayme() {
        if (!config.APP_SECRET) return { key: undefined, login: "Paycom", accountField: "order_id" };
        const settings = await loadPaymeSettings(sql(), config.APP_SECRET);
        return { key: activeKey(settings), login: settings.login, accountField: settings.accountField };
      },
    },
  );
}
