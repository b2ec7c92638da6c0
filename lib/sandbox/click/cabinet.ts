import { documentHtml, html, raw } from "../html";
import type { ClickConnection } from "./connection";
import type { ClickCallRecord, ClickFaults, ClickInvoiceRecord, ClickPaymentRecord } from "./records";
import { formatSum, invoicePagePath, payPagePath } from "./pages";

/** QA's cabinet (sandbox token only): the configured connection (read-only), fault injection, payments, invoices, the call log. */
export type ClickCabinetView = {
  connection: ClickConnection;
  faults: ClickFaults;
  payments: ClickPaymentRecord[];
  invoices: ClickInvoiceRecord[];
  calls: ClickCallRecord[];
  message?: string;
};

const styles = raw(`<style>
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#14213d;background:#f1f4f9}
header{background:#fff;border-bottom:3px solid #0066ff;padding:.75rem 1.5rem;display:flex;gap:1rem;align-items:center}
header b{font-size:1.3rem;color:#0066ff}
.badge{background:#ffb020;border-radius:999px;padding:.1rem .6rem;font-size:.75rem;font-weight:700}
main{padding:1rem 1.5rem;max-width:90rem}
section{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-bottom:1rem;box-shadow:0 1px 6px rgba(0,0,0,.06)}
h2{font-size:1.05rem;margin:0 0 .75rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e9ef;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;color:#6b7a8c;font-size:.8rem}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-all;margin:0;max-width:40rem}
label{margin-right:1rem}
input,select{padding:.3rem .45rem;border:1px solid #cfd8e0;border-radius:6px}
button{background:#0066ff;color:#fff;border:0;border-radius:6px;padding:.35rem .8rem;cursor:pointer}
.flash{background:#e8fbf3;border:1px solid #9fe3c6;padding:.5rem .75rem;border-radius:8px;margin-bottom:1rem}
.muted{color:#6b7a8c}
</style>`);

const time = (ms: number | undefined) => (ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "");

export function cabinetPage(view: ClickCabinetView): string {
  const { connection, faults } = view;
  const secretHint = connection.secretKey.length > 4 ? `…${connection.secretKey.slice(-4)}` : "****";
  return documentHtml({
    lang: "en",
    title: "Click sandbox — cabinet",
    head: styles,
    body: html`<header><b>CLICK</b><span class="badge">sandbox</span><span>Merchant cabinet</span></header>
<main>
${view.message ? html`<div class="flash" data-testid="click-cabinet-message">${view.message}</div>` : ""}
<section><h2>Connection</h2>
<p>Callbacks go to <code>${connection.storeUrl}/api/click/prepare</code> and <code>${connection.storeUrl}/api/click/complete</code>.
service_id <code>${connection.serviceId}</code>, merchant_id <code>${connection.merchantId}</code>, merchant_user_id <code>${connection.merchantUserId}</code>,
secret key <code>${secretHint}</code>.</p>
<p class="muted">Merchant API: <code>/click/v2/merchant/</code>; pay page: <code>/click/services/pay</code>.</p>
<p class="muted" data-testid="click-connection-source">The store's address and the cashbox come from the configuration (SANDBOX_STORE_URL or PUBLIC_URL,
CLICK_SERVICE_ID, CLICK_MERCHANT_ID, CLICK_MERCHANT_USER_ID and CLICK_SECRET_KEY, or APP_SECRET) — never from this page.</p>
</section>
<section><h2>Fault injection</h2>
<form method="post" action="/click/cabinet/faults">
<label>Lose the next <input type="number" name="loseNext" min="0" max="100" value="${faults.loseNext}"> answers</label>
<label>Delay every callback by <input type="number" name="delayMs" min="0" max="60000" value="${faults.delayMs}"> ms</label>
<label><input type="checkbox" name="duplicate" value="1" ${faults.duplicate ? raw("checked") : ""}> Send every callback twice at once</label>
<label><input type="checkbox" name="holdComplete" value="1" ${faults.holdComplete ? raw("checked") : ""}> Hold Complete (send it below, e.g. after the store's window)</label>
<label>Amount as <select name="amountStyle">
<option value="decimal" ${faults.amountStyle === "decimal" ? raw("selected") : ""}>15000.00</option>
<option value="whole" ${faults.amountStyle === "whole" ? raw("selected") : ""}>15000</option></select></label>
<button type="submit">Apply</button></form>
</section>
<section><h2>Payments</h2>
<table data-testid="click-payments"><tr><th>click_trans_id</th><th>click_paydoc_id</th><th>order</th><th>amount</th><th>source</th><th>status</th><th>prepare / confirm id</th><th>errors</th><th>note</th><th>created</th><th></th></tr>
${view.payments.map(
  (payment) => html`<tr data-status="${payment.status}"><td><a href="${payPagePath(payment)}">${payment.clickTransId}</a></td><td>${payment.clickPaydocId}</td><td>${payment.merchantTransId}</td>
<td>${formatSum(payment.amount, "en")}</td><td>${payment.source}</td><td>${payment.status}</td><td>${payment.merchantPrepareId ?? ""} / ${payment.merchantConfirmId ?? ""}</td>
<td>${payment.prepareError ?? ""} / ${payment.completeError ?? ""}</td><td>${payment.note ?? ""}</td><td>${time(payment.createdAt)}</td>
<td>${payment.status === "prepared" ? html`<form method="post" action="/click/cabinet/payments/${payment.id}/complete" style="display:inline"><button type="submit" data-testid="click-send-complete">Send Complete (paid)</button></form>
<form method="post" action="/click/cabinet/payments/${payment.id}/decline" style="display:inline"><button type="submit">Send Complete (declined)</button></form>` : ""}</td></tr>`,
)}</table></section>
<section><h2>Invoices (pay by phone)</h2>
<table data-testid="click-invoices"><tr><th>invoice_id</th><th>phone</th><th>order</th><th>amount</th><th>status</th><th>created</th></tr>
${view.invoices.map(
  (invoice) => html`<tr><td><a href="${invoicePagePath(invoice.token)}">${invoice.invoiceId}</a></td><td>+${invoice.phoneNumber}</td><td>${invoice.merchantTransId}</td>
<td>${formatSum(invoice.amount, "en")}</td><td>${invoice.status}</td><td>${time(invoice.createdAt)}</td></tr>`,
)}</table></section>
<section><h2>Calls</h2>
<table><tr><th>at</th><th>kind</th><th>request</th><th>response</th><th>note</th><th>ms</th></tr>
${view.calls.map(
  (call) => html`<tr><td>${time(call.at)}</td><td>${call.kind}</td><td><pre>${call.request}</pre></td><td><pre>${call.response ?? ""}</pre></td><td>${call.note ?? ""}</td><td>${call.durationMs}</td></tr>`,
)}</table></section>
</main>`,
  });
}
