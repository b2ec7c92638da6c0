import type { ProviderAttempt } from "@/lib/payments/provider";
import { tDynamic } from "@/lib/i18n/admin";
import type { OrderPageFormat } from "./format";

/** A provider's payment attempt as the admin lists it (`provider.attempts` of the registry). */
export type OrderAttempt = ProviderAttempt;

/** Every provider's attempts at paying the order (transactions, receipts), with their history and fiscal receipts. */
export function OrderAttempts({ attempts, format: { t, sum, time } }: { attempts: readonly OrderAttempt[]; format: OrderPageFormat }) {
  /** Merchant API states are `tx.*` messages, receipt states `receipt.*`. */
  const stateLabel = (state: string) => tDynamic(t, state.startsWith("receipt.") ? state : `tx.${state}`, state);
  return (
    <section aria-labelledby="order-transactions">
      <h2 id="order-transactions">{t("order.transactions")}</h2>
      {attempts.length === 0 ? (
        <p className="adm-muted">{t("order.transactionsEmpty")}</p>
      ) : (
        <ul className="adm-list">
          {attempts.map((transaction) => (
            <li key={`${transaction.provider}:${transaction.reference}`}>
              <p>
                <strong>{tDynamic(t, `provider.${transaction.provider}`, transaction.provider)}</strong>{" "}
                <span className="adm-mono">{transaction.reference}</span> · {sum(transaction.amount)} ·{" "}
                {stateLabel(transaction.state)}
              </p>
              <ol className="adm-history">
                {transaction.history.map((event, index) => (
                  <li key={index}>
                    {time(event.at)} — {stateLabel(event.state)}
                    {/* A note is a message key where the provider has one (`payme.cancelReason.5`), else its own words. */}
                    {event.note ? ` (${tDynamic(t, event.note, event.note)})` : ""}
                  </li>
                ))}
              </ol>
              {typeof transaction.invoicePhone === "string" && <p className="adm-muted">{t("receipt.invoice", { phone: transaction.invoicePhone })}</p>}
              {transaction.fiscal.map((fiscal) =>
                fiscal.url ? (
                  <p key={fiscal.kind}>
                    <a href={fiscal.url} target="_blank" rel="noopener noreferrer">
                      {fiscal.kind === "perform" ? t("tx.fiscalPerform") : t("tx.fiscalCancel")}
                    </a>
                  </p>
                ) : (
                  <p key={fiscal.kind} className="adm-muted">
                    {t("tx.fiscalNoLink", { id: fiscal.receiptId ?? "—" })}
                  </p>
                ),
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
