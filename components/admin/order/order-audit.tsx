import type { AuditEntry } from "@/lib/admin/audit";
import { tDynamic } from "@/lib/i18n/admin";
import type { OrderPageFormat } from "./format";

/** The admin journal's entries about this order (the latest first). */
export function OrderAudit({ entries, format: { t, time } }: { entries: readonly AuditEntry[]; format: OrderPageFormat }) {
  return (
    <section aria-labelledby="order-audit">
      <h2 id="order-audit">{t("order.audit")}</h2>
      {entries.length === 0 ? (
        <p className="adm-muted">{t("audit.empty")}</p>
      ) : (
        <ul className="adm-list">
          {entries.map((entry) => (
            <li key={entry.id}>
              {time(entry.at)} — {tDynamic(t, `audit.action.${entry.action}`, entry.action)} ·{" "}
              {tDynamic(t, `audit.outcome.${entry.outcome}`, entry.outcome)}
              {entry.ip ? ` · ${entry.ip}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
