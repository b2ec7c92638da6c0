import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { AdminPager, AdminTable } from "@/components/admin/admin-table";
import { WebhookEndpointForm } from "@/components/admin/webhook-endpoint-form";
import { sql } from "@/lib/db";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatTime } from "@/lib/admin/format";
import { tDynamic, type AdminTranslate } from "@/lib/i18n/admin";
import { getLocale } from "@/lib/i18n/server";
import type { Locale } from "@/lib/i18n/locales";
import { listDeliveries, type DeliveryLogRow } from "@/lib/outbox/delivery-log";
import { listWebhookEndpoints } from "@/lib/outbox/webhook-endpoints";
import { addWebhookEndpointAction, resendDeliveryAction, setWebhookEndpointAction } from "../actions/webhook-actions";

export const dynamic = "force-dynamic";

function targetText(t: AdminTranslate, row: DeliveryLogRow): string {
  if (row.target.startsWith("webhook:")) return row.endpointUrl ? t("target.webhook", { url: row.endpointUrl }) : t("target.webhookRemoved");
  return tDynamic(t, `target.${row.target}`, row.target);
}

function stateText(t: AdminTranslate, row: DeliveryLogRow, locale: Locale): string {
  switch (row.state) {
    case "pending":
      return t("delivery.pending", { time: formatTime(new Date(Number(row.nextAttemptAt)), locale) });
    case "delivered":
      return t("delivery.delivered", { time: formatTime(row.deliveredAt, locale) });
    case "failed":
      return t("delivery.failed");
    default:
      return t("delivery.skipped");
  }
}

/** Merchant webhooks: endpoints (add, enable/disable) and the delivery log of every outbox delivery, with "resend". */
export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const raw = await searchParams;
  const page = Math.max(1, Math.min(100_000, Number(raw.page) || 1));
  const [endpoints, log] = await Promise.all([listWebhookEndpoints(sql()), listDeliveries(sql(), { page })]);
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  return (
    <section>
      <h1>{t("webhooks.title")}</h1>
      <p className="adm-hint">{t("webhooks.intro")}</p>
      <h2>{t("webhooks.endpoints")}</h2>
      {endpoints.length === 0 ? (
        <p>{t("webhooks.empty")}</p>
      ) : (
        <AdminTable
          testId="webhook-endpoints"
          columns={[{ label: t("webhooks.url") }, { label: t("webhooks.secret") }, { label: t("webhooks.state") }, { label: t("webhooks.created") }, { label: t("webhooks.actions") }]}
        >
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id}>
              <td className="adm-mono">{endpoint.url}</td>
              <td className="adm-mono">{endpoint.secretMasked}</td>
              <td>{endpoint.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}</td>
              <td>{formatTime(endpoint.createdAt, locale)}</td>
              <td>
                <ActionForm
                  action={setWebhookEndpointAction}
                  fields={{ endpoint: String(endpoint.id), enabled: endpoint.enabled ? "false" : "true" }}
                  label={endpoint.enabled ? t("webhooks.disable") : t("webhooks.enable")}
                  pendingLabel={t("webhooks.saving")}
                  danger={endpoint.enabled}
                />
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <WebhookEndpointForm action={addWebhookEndpointAction} locale={locale} />
      <h2>{t("webhooks.log")}</h2>
      {log.rows.length === 0 ? (
        <p>{t("webhooks.logEmpty")}</p>
      ) : (
        <AdminTable
          testId="delivery-log"
          columns={[
            { label: t("webhooks.created") },
            { label: t("webhooks.event") },
            { label: t("webhooks.order") },
            { label: t("webhooks.target") },
            { label: t("webhooks.state") },
            { label: t("webhooks.attempts"), numeric: true },
            { label: t("webhooks.lastError") },
            { label: t("webhooks.actions") },
          ]}
        >
          {log.rows.map((row) => (
            <tr key={row.id} data-delivery={row.id}>
              <td>{formatTime(row.createdAt, locale)}</td>
              <td>
                <span className="adm-mono">{row.eventType}</span> #{row.eventId}
              </td>
              <td>
                <Link href={`/admin/orders/${row.orderNumber}`}>{row.orderNumber}</Link>
              </td>
              <td>{targetText(t, row)}</td>
              <td className={row.state === "failed" ? "adm-outcome-failed" : undefined}>{stateText(t, row, locale)}</td>
              <td className="adm-num">{row.attempts}</td>
              <td className="adm-detail">{row.lastError ?? "—"}</td>
              <td>
                {row.state !== "skipped" && (
                  <ActionForm action={resendDeliveryAction} fields={{ delivery: String(row.id) }} label={t("webhooks.resend")} pendingLabel={t("webhooks.resending")} />
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
      <AdminPager t={t} page={page} pages={pages} href={(n) => `/admin/webhooks?page=${n}`} />
    </section>
  );
}
