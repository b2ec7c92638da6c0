import { documentHtml, html, raw } from "../html";
import type { CallRecord, EmulatorTransaction, Faults } from "./records";
import { formatSum } from "./pages";

/** The emulator's cabinet for QA: connection, fault injection, transactions, the call log. */
export type CabinetView = {
  endpoint: string;
  merchantId: string;
  login: string;
  keyHint: string;
  source: string;
  faults: Faults;
  transactions: EmulatorTransaction[];
  calls: CallRecord[];
  message?: string;
};

const styles = raw(`<style>
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2a3a;background:#f2f6f8}
header{background:#fff;border-bottom:3px solid #00b8c2;padding:.75rem 1.5rem;display:flex;gap:1rem;align-items:center}
header b{font-size:1.3rem}header b span{color:#00b8c2}
.badge{background:#ffb020;border-radius:999px;padding:.1rem .6rem;font-size:.75rem;font-weight:700}
main{padding:1rem 1.5rem;max-width:90rem}
section{background:#fff;border-radius:12px;padding:1rem 1.25rem;margin-bottom:1rem;box-shadow:0 1px 6px rgba(0,0,0,.06)}
h2{font-size:1.05rem;margin:0 0 .75rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e3e9ef;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;color:#6b7a8c;font-size:.8rem}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-all;margin:0;max-width:40rem}
form.inline{display:inline}
label{margin-right:1rem}
input[type=text],input[type=number]{padding:.3rem .45rem;border:1px solid #cfd8e0;border-radius:6px}
button{background:#00b8c2;color:#fff;border:0;border-radius:6px;padding:.35rem .8rem;cursor:pointer}
button.secondary{background:#fff;color:#00959e;border:1px solid #00b8c2}
.flash{background:#e8fbf3;border:1px solid #9fe3c6;padding:.5rem .75rem;border-radius:8px;margin-bottom:1rem}
.warn{color:#b42318}
.muted{color:#6b7a8c}
</style>`);

const stateLabels: Record<string, string> = {
  "1": "1 created",
  "2": "2 performed",
  "-1": "-1 cancelled",
  "-2": "-2 cancelled after perform (refunded)",
};

const time = (ms: number) => (ms > 0 ? new Date(ms).toISOString().replace("T", " ").replace("Z", "") : "0");

function pretty(text: string | undefined): string {
  if (!text) return "";
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

function transactionRow(tx: EmulatorTransaction) {
  const actions = [
    tx.state === 2
      ? html`<form class="inline" method="post" action="/payme/cabinet/transactions/${tx.id}/refund"><button type="submit" data-testid="refund-${tx.id}">Refund (Cancel, reason 5)</button></form>`
      : null,
    tx.state === 1
      ? html`<form class="inline" method="post" action="/payme/cabinet/transactions/${tx.id}/cancel"><button type="submit">Cancel (reason 3)</button></form>`
      : null,
    tx.state !== null
      ? html`<form class="inline" method="post" action="/payme/cabinet/transactions/${tx.id}/check"><button type="submit" class="secondary">CheckTransaction</button></form>`
      : null,
  ];
  return html`<tr data-testid="tx-${tx.id}">
<td><code>${tx.id}</code><div class="muted">${time(tx.time)}</div></td>
<td>${Object.entries(tx.account).map(([field, value]) => `${field}=${value}`).join(", ")}</td>
<td>${formatSum(tx.amount, "uz")}</td>
<td>${tx.cardMask ?? ""}</td>
<td>${tx.state === null ? "not created" : (stateLabels[String(tx.state)] ?? String(tx.state))}${tx.reason !== null ? html`<div class="muted">reason ${tx.reason}</div>` : null}</td>
<td>${tx.storeTransaction ?? ""}</td>
<td class="muted">create ${time(tx.createTime)}<br>perform ${time(tx.performTime)}<br>cancel ${time(tx.cancelTime)}</td>
<td>${tx.warnings.map((warning) => html`<div class="warn">${warning}</div>`)}${tx.error ? html`<pre>${JSON.stringify(tx.error)}</pre>` : null}</td>
<td>${actions}</td>
</tr>`;
}

export function cabinetPage(view: CabinetView): string {
  const { faults } = view;
  return documentHtml({
    lang: "en",
    title: "Payme sandbox — cabinet",
    head: styles,
    body: html`<header><b>pay<span>me</span></b><span class="badge">SANDBOX</span><span>Merchant cabinet (QA)</span><a href="/">all emulators</a></header>
<main>
${view.message ? html`<div class="flash" role="status">${view.message}</div>` : null}
<section>
<h2>Connection</h2>
<p>Merchant API endpoint: <code data-testid="cabinet-endpoint">${view.endpoint}</code><br>
Cashbox (merchant) id: <code>${view.merchantId}</code> · login <code>${view.login}</code> · test key <code>${view.keyHint}</code>
<span class="muted">(from ${view.source})</span></p>
<p class="muted">The store's address and the keys come from the configuration (SANDBOX_STORE_URL or PUBLIC_URL,
PAYME_MERCHANT_ID and PAYME_TEST_KEY, or APP_SECRET) — never from this page.</p>
</section>
<section>
<h2>Fault injection</h2>
<form method="post" action="/payme/cabinet/faults">
<label>Lose the next <input type="number" name="loseNext" min="0" max="100" value="${faults.loseNext}" style="width:4rem"> answers (Payme repeats each call)</label>
<label>Delay every call by <input type="number" name="delayMs" min="0" max="60000" step="100" value="${faults.delayMs}" style="width:6rem"> ms</label>
<label><input type="checkbox" name="duplicate" value="1" ${faults.duplicate ? raw("checked") : null}> Send Create/Perform/Cancel twice at once</label>
<button type="submit">Apply</button>
</form>
</section>
<section>
<h2>Transactions</h2>
${
  view.transactions.length === 0
    ? html`<p class="muted">No transactions yet.</p>`
    : html`<table><thead><tr><th>Payme id, time (UTC)</th><th>Account</th><th>Amount</th><th>Card</th><th>State</th><th>Store's id</th><th>Times</th><th>Warnings</th><th></th></tr></thead>
<tbody>${view.transactions.map(transactionRow)}</tbody></table>`
}
</section>
<section>
<h2>Statement (export)</h2>
<p class="muted">The transactions created in the period, as Payme's merchant cabinet exports them (CSV; upload it on the store's reconciliation page).</p>
<form method="get" action="/payme/cabinet/statement">
<label>From <input type="date" name="from" required></label>
<label>To <input type="date" name="to" required></label>
<button type="submit" data-testid="statement-export">Export CSV</button>
</form>
</section>
<section>
<h2>Recent Merchant API calls</h2>
<table><thead><tr><th>Time (UTC)</th><th>Method</th><th>Request</th><th>Answer</th><th>ms</th></tr></thead>
<tbody>${view.calls.map(
      (call) => html`<tr><td>${time(call.at)}</td><td>${call.method}${call.note ? html`<div class="muted">${call.note}</div>` : null}</td>
<td><pre>${pretty(call.request)}</pre></td><td><pre>${pretty(call.response)}</pre></td><td>${call.durationMs}</td></tr>`,
    )}</tbody></table>
</section>
</main>`,
  });
}
