"use server";

import { recordAudit } from "@/lib/admin/audit";
import { guardAction } from "@/lib/admin/context";
import { markTestOrder } from "@/lib/admin/orders/test-orders";
import { tDynamic } from "@/lib/i18n/admin";
import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import { activeKey, loadPaymeSettings } from "@/lib/payments/payme/payme-settings";
import { runPaymeTester, type TesterOutcome } from "./run-tester";

/**
 * Runs the Payme sandbox scenarios against an endpoint (ours by default). A server action is a
 * public POST endpoint: the admin session and the origin are checked here, on every call.
 */
export async function runPaymeTesterAction(_previous: TesterOutcome | null, formData: FormData): Promise<TesterOutcome> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const guard = await guardAction();
  if (!guard.ok) return { ok: false, error: guard.error };
  const config = env();
  const outcome = await runPaymeTester(
    { url: text("url"), key: text("key"), order: text("order"), amount: text("amount") },
    {
      publicUrl: config.PUBLIC_URL,
      async ourPayme() {
        const settings = await loadPaymeSettings(sql(), config.APP_SECRET!);
        return { key: activeKey(settings), login: settings.login, accountField: settings.accountField, live: settings.mode === "live" };
      },
      markTestOrder: (orderNumber) => markTestOrder(sql(), orderNumber),
    },
  );
  await recordAudit(sql(), {
    action: "payme.sandbox_check",
    actor: "admin",
    ip: guard.ip,
    outcome: outcome.ok && outcome.failed === 0 ? "ok" : "failed",
    target: outcome.ok ? outcome.endpoint : null,
  });
  // The refusal in the admin's language (run-tester's English sentence is the fallback).
  if (!outcome.ok && outcome.code) return { ...outcome, error: tDynamic(guard.t, `tester.error.${outcome.code}`, outcome.error) };
  return outcome;
}
