import { documentHtml, html, raw } from "../html";
import type { PayRequestError } from "./pay-request";
import type { Invoice, NotificationRecord, RefundRecord, RobokassaFaults } from "./records";
import { kopeksToRoubles as formatOutSum } from "./wire";

/** The emulator's pages: Robokassa's payment page (ru/en, like `Culture`), errors, QA's cabinet. */

const style = raw(`<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1c2430}
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}
.wide{max-width:72rem}
h1{font-size:1.3rem;margin-top:0}.sum{font-size:2rem;font-weight:700}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid #dde;padding:.3rem;text-align:left;vertical-align:top}
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:0;cursor:pointer;margin:.3rem .3rem 0 0}
.pay{background:#1b7f3b;color:#fff}.fail{background:#e2e6ea}.note{color:#5a6470;font-size:.9rem}
</style>`);

const texts = {
  ru: {
    title: "Оплата заказа",
    shop: "Магазин",
    description: "Назначение",
    amount: "Сумма",
    receipt: "Чек",
    pay: "Оплатить (тестовая карта)",
    fail: "Отказаться от оплаты",
    test: "Тестовый режим Robokassa — деньги не списываются.",
    paid: "Счёт уже оплачен.",
    closed: "Счёт закрыт.",
    error: "Ошибка оплаты",
    errors: {
      params: "Неверные параметры запроса.",
      merchant: "Магазин не найден.",
      signature: "Неверная подпись запроса (SignatureValue).",
      receipt: "Неверный чек (Receipt).",
      expired: "Срок оплаты счёта истёк.",
      inv_id_used: "Счёт с таким номером (InvId) уже существует.",
    },
  },
  en: {
    title: "Order payment",
    shop: "Shop",
    description: "Description",
    amount: "Amount",
    receipt: "Receipt",
    pay: "Pay (test card)",
    fail: "Cancel the payment",
    test: "Robokassa test mode — no money is taken.",
    paid: "The invoice is already paid.",
    closed: "The invoice is closed.",
    error: "Payment error",
    errors: {
      params: "Invalid request parameters.",
      merchant: "Shop not found.",
      signature: "Wrong request signature (SignatureValue).",
      receipt: "Invalid receipt (Receipt).",
      expired: "The invoice has expired.",
      inv_id_used: "An invoice with this number (InvId) already exists.",
    },
  },
} as const;

function roubles(kopeks: bigint): string {
  return `${formatOutSum(kopeks)} ₽`;
}

export function invoicePath(invId: string): string {
  return `/robokassa/pay/${invId}`;
}

export function payPage(invoice: Invoice, login: string): string {
  const t = texts[invoice.culture];
  let items: { name: string; quantity: number; sum: number }[] = [];
  try {
    items = invoice.receiptJson ? ((JSON.parse(invoice.receiptJson) as { items: typeof items }).items ?? []) : [];
  } catch {
    items = [];
  }
  const open = invoice.state === 5;
  return documentHtml({
    lang: invoice.culture,
    title: `Robokassa — ${t.title}`,
    head: style,
    body: html`<main>
<h1>${t.title} №${invoice.invId}</h1>
<p class="note">${t.test}</p>
<p>${t.shop}: <b>${login}</b><br>${t.description}: ${invoice.description}</p>
<p>${t.amount}: <span class="sum" data-testid="robokassa-sum">${roubles(invoice.outSum)}</span></p>
${items.length > 0 ? html`<h2>${t.receipt}</h2><table>${items.map((item) => html`<tr><td>${item.name}</td><td>× ${String(item.quantity)}</td><td>${String(item.sum)}</td></tr>`)}</table>` : ""}
${
  open
    ? html`<form method="post" action="${invoicePath(invoice.invId)}">
<button class="pay" name="action" value="pay" data-testid="robokassa-pay">${t.pay}</button>
<button class="fail" name="action" value="fail" data-testid="robokassa-fail">${t.fail}</button>
</form>`
    : html`<p>${invoice.state === 100 || invoice.state === 60 ? t.paid : t.closed}</p>`
}
</main>`,
  });
}

export function errorPage(culture: "ru" | "en", error: PayRequestError | "inv_id_used", detail: string): string {
  const t = texts[culture];
  return documentHtml({
    lang: culture,
    title: `Robokassa — ${t.error}`,
    head: style,
    body: html`<main><h1>${t.error}</h1><p data-testid="robokassa-error">${t.errors[error]}</p><p class="note">${detail}</p></main>`,
  });
}

const stateNames: Record<number, string> = { 5: "initialised", 10: "cancelled", 20: "hold", 50: "received", 60: "returned", 80: "suspended", 100: "success" };

export function cabinetPage(view: {
  login: string;
  hash: string;
  resultUrl: string;
  successUrl: string;
  failUrl: string;
  faults: RobokassaFaults;
  invoices: Invoice[];
  notifications: NotificationRecord[];
  refunds: RefundRecord[];
  message?: string;
}): string {
  const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19);
  return documentHtml({
    lang: "en",
    title: "Robokassa emulator — cabinet",
    head: style,
    body: html`<main class="wide">
<h1>Robokassa emulator</h1>
${view.message ? html`<p><b>${view.message}</b></p>` : ""}
<p>Shop <code>${view.login}</code>, hash ${view.hash.toUpperCase()} (test passwords).<br>
ResultURL (POST): <code>${view.resultUrl}</code><br>SuccessURL: <code>${view.successUrl}</code><br>FailURL: <code>${view.failUrl}</code></p>
<p class="note" data-testid="robokassa-connection-source">The store's addresses and the shop's passwords come from the configuration (SANDBOX_STORE_URL or PUBLIC_URL,
ROBOKASSA_LOGIN, ROBOKASSA_TEST_PASSWORD1/2, ROBOKASSA_PASSWORD3, or APP_SECRET) — never from this page.</p>
<h2>Fault injection</h2>
<form method="post" action="/robokassa/cabinet/faults">
<label>Lose the store's next answers: <input name="loseAnswers" type="number" min="0" max="10" value="${String(view.faults.loseAnswers)}"></label><br>
<label><input type="checkbox" name="repeat" value="1" ${view.faults.repeat ? raw("checked") : ""}> Repeat every notification after OK</label><br>
<label><input type="checkbox" name="forge" value="1" ${view.faults.forge ? raw("checked") : ""}> Send a notification with a bad signature first</label><br>
<button class="fail">Save</button>
</form>
<h2>Invoices</h2>
<table><tr><th>InvId</th><th>OutSum</th><th>State</th><th>Refunded</th><th>Notified</th><th>OpKey</th><th>Created</th></tr>
${view.invoices.map(
  (invoice) =>
    html`<tr><td>${invoice.invId}</td><td>${formatOutSum(invoice.outSum)}</td><td>${stateNames[invoice.state] ?? String(invoice.state)}</td><td>${formatOutSum(invoice.refunded)}</td><td>${invoice.notified ? "OK" : "—"}</td><td>${invoice.opKey ?? ""}</td><td>${time(invoice.createdAt)}</td></tr>`,
)}</table>
<h2>ResultURL notifications</h2>
<table><tr><th>At</th><th>InvId</th><th>Kind</th><th>HTTP</th><th>Answer</th><th>Accepted</th></tr>
${view.notifications.map(
  (entry) =>
    html`<tr><td>${time(entry.at)}</td><td>${entry.invId}</td><td>${entry.kind}</td><td>${entry.status === null ? "—" : String(entry.status)}</td><td><code>${entry.answer}</code></td><td>${entry.accepted ? "yes" : "no"}</td></tr>`,
)}</table>
<h2>Refunds</h2>
<table><tr><th>requestId</th><th>InvId</th><th>Amount</th><th>Label</th></tr>
${view.refunds.map((refund) => html`<tr><td>${refund.requestId}</td><td>${refund.invId}</td><td>${formatOutSum(refund.amount)}</td><td>${refund.label}</td></tr>`)}</table>
</main>`,
  });
}
