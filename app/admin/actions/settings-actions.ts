"use server";

import { revalidatePath } from "next/cache";
import { sql } from "@/lib/db";
import type { ActionResult } from "@/lib/admin/action-result";
import { recordAudit } from "@/lib/admin/audit";
import { appSecret, guardAction } from "@/lib/admin/context";
import { tDynamic } from "@/lib/admin/messages";
import { canCheckConnection, checkProviderConnection } from "@/lib/admin/provider-actions";
import { formEntries, saveSection } from "@/lib/merchant-keys/save-section";
import { isSectionId, sections } from "@/lib/merchant-keys/sections";
import { generatedSecretNames } from "@/lib/admin/generated-secrets";
import { getLocale } from "@/lib/i18n/server";

/** Saves one settings section; the audit log gets the names of the changed fields, never values. */
export async function saveSettingsAction(_previous: unknown, form: unknown): Promise<ActionResult<{ changed?: string[] }>> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  if (!(form instanceof FormData)) return { ok: false, code: "invalid", error: t("error.invalid") };
  const section = form.get("section");
  if (!isSectionId(section)) return { ok: false, code: "invalid", error: t("error.invalid") };
  const spec = sections[section];
  const label = (name: string) => tDynamic(t, `field.${section}.${name}`, name);
  const outcome = await saveSection(sql(), spec, formEntries(form), { appSecret: appSecret(), generatedSecrets: generatedSecretNames() });
  const target = `settings:${section}`;
  if (!outcome.ok) {
    await recordAudit(sql(), { action: "settings.update", outcome: "refused", ip: guard.ip, target, detail: { reason: outcome.reason, fields: Object.keys(outcome.fieldErrors) } });
    const error =
      outcome.reason === "live_needs_explicit_secrets"
        ? t("settings.liveNeedsSecrets", { names: generatedSecretNames().join(", ") })
        : outcome.reason === "live_needs_keys"
          ? t("settings.liveNeedsKeys", { fields: Object.keys(outcome.fieldErrors).map(label).join(", ") })
          : t("error.invalid");
    return { ok: false, code: "invalid", error, fieldErrors: outcome.fieldErrors };
  }
  if (outcome.changed.length === 0) return { ok: true, message: t("settings.unchanged"), changed: [] };
  await recordAudit(sql(), {
    action: "settings.update",
    outcome: "ok",
    ip: guard.ip,
    target,
    detail: { fields: outcome.changed, secretsChanged: outcome.changed.filter((name) => spec.secrets.includes(name)) },
  });
  revalidatePath("/admin/settings");
  return { ok: true, message: t("settings.saved", { fields: outcome.changed.map(label).join(", ") }), changed: outcome.changed };
}

/** "Check connection" per provider, as its registry entry does it (Payme: receipts.get_all for the last hour). */
export async function checkConnectionAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const provider = form instanceof FormData ? form.get("provider") : null;
  if (!canCheckConnection(String(provider))) return { ok: false, code: "not_available", error: t("settings.checkUnsupported") };
  const outcome = await checkProviderConnection({ sql: sql(), ip: guard.ip, provider });
  if (outcome.ok) return { ok: true, message: t("settings.checkOk", { count: outcome.count ?? 0 }) };
  if (outcome.reason === "provider_error") {
    return { ok: false, code: "provider_error", error: t("action.providerError", { code: outcome.code ?? "—", message: outcome.message[await getLocale()] }) };
  }
  return { ok: false, code: "not_available", error: t("action.notAvailable") };
}
