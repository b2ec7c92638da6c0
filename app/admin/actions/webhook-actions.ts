"use server";

import { revalidatePath } from "next/cache";
import { sql } from "@/lib/db";
import type { ActionResult } from "@/lib/admin/action-result";
import { recordAudit } from "@/lib/admin/audit";
import { appSecret, guardAction } from "@/lib/admin/context";
import { signalOutbox } from "@/lib/orders/outbox";
import { resendDelivery } from "@/lib/outbox/delivery-store";
import { addWebhookEndpoint, generateWebhookSecret, MIN_SECRET_LENGTH, parseEndpointUrl, setWebhookEndpointEnabled } from "@/lib/outbox/webhook-endpoints";

const PAGE = "/admin/webhooks";

function field(form: unknown, name: string): string | null {
  if (!(form instanceof FormData)) return null;
  const value = form.get(name);
  return typeof value === "string" ? value : null;
}

function readId(form: unknown, name: string): number | null {
  const value = field(form, name);
  return value !== null && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : null;
}

/** Adds a merchant webhook endpoint (URL, signing secret typed or generated; stored encrypted). */
export async function addWebhookEndpointAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const url = parseEndpointUrl(field(form, "url") ?? "");
  const typed = (field(form, "secret") ?? "").trim();
  const fieldErrors: Record<string, string> = {};
  if (!url) fieldErrors.url = t("webhooks.badUrl");
  if (typed !== "" && (typed.length < MIN_SECRET_LENGTH || typed.length > 200)) fieldErrors.secret = t("webhooks.badSecret");
  if (!url || Object.keys(fieldErrors).length > 0) return { ok: false, code: "invalid", error: Object.values(fieldErrors)[0]!, fieldErrors };
  const secret = typed || generateWebhookSecret();
  const id = await addWebhookEndpoint(sql(), { url: url.href, secret, appSecret: appSecret() });
  // The URL's origin only: a path may carry the receiver's own token.
  await recordAudit(sql(), { action: "webhook.add", outcome: "ok", ip: guard.ip, target: `webhook:${id}`, detail: { origin: url.origin, generatedSecret: typed === "" } });
  revalidatePath(PAGE);
  return { ok: true, message: typed ? t("webhooks.added") : t("webhooks.addedWithSecret", { secret }) };
}

/** Enables or disables an endpoint (`enabled` = "true" | "false"). */
export async function setWebhookEndpointAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const id = readId(form, "endpoint");
  const enabled = field(form, "enabled");
  if (id === null || (enabled !== "true" && enabled !== "false")) return { ok: false, code: "invalid", error: t("error.notFound") };
  if (!(await setWebhookEndpointEnabled(sql(), id, enabled === "true"))) return { ok: false, code: "not_found", error: t("error.notFound") };
  await recordAudit(sql(), { action: "webhook.update", outcome: "ok", ip: guard.ip, target: `webhook:${id}`, detail: { enabled: enabled === "true" } });
  revalidatePath(PAGE);
  return { ok: true, message: t("webhooks.updated") };
}

/** The delivery log's "resend": the delivery is due again now (a new 72-hour window), and the dispatcher is woken. */
export async function resendDeliveryAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const { t } = guard;
  const id = readId(form, "delivery");
  if (id === null) return { ok: false, code: "invalid", error: t("error.notFound") };
  const outcome = await resendDelivery(sql(), id, Date.now());
  await recordAudit(sql(), { action: "outbox.resend", outcome: outcome.ok ? "ok" : "refused", ip: guard.ip, target: `delivery:${id}`, detail: outcome.ok ? undefined : { reason: outcome.reason } });
  if (!outcome.ok) {
    if (outcome.reason === "not_found") return { ok: false, code: "not_found", error: t("error.notFound") };
    return { ok: false, code: "conflict", error: outcome.reason === "in_flight" ? t("webhooks.inFlight") : t("webhooks.nothingToSend") };
  }
  signalOutbox();
  revalidatePath(PAGE);
  return { ok: true, message: t("webhooks.resent") };
}
