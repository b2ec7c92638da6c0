import type { Locale } from "../../i18n/locales";
import { locales } from "../../i18n/locales";
import { formatMoney } from "../../money/money";
import { documentHtml, html, raw, type SafeHtml } from "../html";
import { clickText } from "./messages";
import type { ClickInvoiceRecord, ClickPaymentRecord } from "./records";

/** Click-like look: white cards, Click's blue, a clear "sandbox" mark. */
const styles = raw(`<style>
:root{--blue:#0066ff;--ink:#14213d;--muted:#6b7a8c;--line:#e3e9ef;--bg:#f1f4f9;--danger:#d93a3a;--ok:#12a36b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.45 -apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.top{background:#fff;border-bottom:1px solid var(--line)}
.top-in{max-width:30rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem}
.logo{font-weight:800;font-size:1.5rem;color:var(--blue);letter-spacing:.02em}
.badge{background:#ffb020;color:#3b2600;border-radius:999px;padding:.1rem .6rem;font-size:.75rem;font-weight:700;text-transform:uppercase}
.langs{margin-left:auto;display:flex;gap:.35rem}
.langs a{font-size:.8rem;text-decoration:none;color:var(--muted);padding:.15rem .4rem;border-radius:6px}
.langs a[aria-current=true]{background:var(--blue);color:#fff}
main{max-width:30rem;margin:1.25rem auto;padding:0 1rem}
.card{background:#fff;border-radius:16px;box-shadow:0 2px 12px rgba(20,40,60,.07);padding:1.25rem;margin-bottom:1rem}
.muted{color:var(--muted);font-size:.9rem}
.amount{font-size:2rem;font-weight:700;margin:.15rem 0}
button,.button{display:block;width:100%;margin-top:1rem;padding:.85rem;border:0;border-radius:10px;background:var(--blue);color:#fff;font-size:1.05rem;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
button.secondary{background:#fff;color:var(--danger);border:1.5px solid var(--danger)}
.result{text-align:center}
.icon{width:3.5rem;height:3.5rem;border-radius:50%;display:flex;align-items:center;justify-content:center;margin:0 auto .75rem;color:#fff;font-size:1.8rem;font-weight:700}
.icon.ok{background:var(--ok)}.icon.fail{background:var(--danger)}
</style>`);

export function formatSum(amount: bigint, lang: Locale): string {
  return formatMoney(amount, "UZS", lang);
}

export const payPagePath = (payment: { token: string }, suffix = "") => `/click/services/pay/${payment.token}${suffix}`;
export const invoicePagePath = (token: string, suffix = "") => `/click/app/invoices/${token}${suffix}`;

function page(lang: Locale, title: string, path: string, body: SafeHtml): string {
  return documentHtml({
    lang,
    title,
    head: styles,
    body: html`<div class="top"><div class="top-in"><span class="logo">CLICK</span><span class="badge">sandbox</span>
<nav class="langs">${locales.map((locale) => html`<a href="${path}?lang=${locale}" aria-current="${locale === lang}">${locale}</a>`)}</nav></div></div>
<main>${body}<p class="muted" style="text-align:center">${clickText(lang, "sandbox")}</p></main>`,
  });
}

function summary(lang: Locale, payment: { amount: bigint; merchantTransId: string; cardType?: string }): SafeHtml {
  return html`<div class="card"><div class="muted">${clickText(lang, "order", { order: payment.merchantTransId })}</div>
<div class="amount" data-testid="click-amount">${formatSum(payment.amount, lang)}</div>
${payment.cardType ? html`<div class="muted">${clickText(lang, "card", { card: payment.cardType.toUpperCase() })}</div>` : ""}</div>`;
}

/** The services/pay page: one button that pays, one that declines (QA's failure path). */
export function payPage(payment: ClickPaymentRecord, lang: Locale): string {
  const path = payPagePath(payment);
  if (payment.status === "new") {
    return page(
      lang,
      clickText(lang, "title"),
      path,
      html`${summary(lang, payment)}<div class="card">
<form method="post" action="${payPagePath(payment, "/pay")}"><input type="hidden" name="lang" value="${lang}"><button type="submit" data-testid="click-pay">${clickText(lang, "pay")}</button></form>
<form method="post" action="${payPagePath(payment, "/decline")}"><input type="hidden" name="lang" value="${lang}"><button type="submit" class="secondary" data-testid="click-decline">${clickText(lang, "decline")}</button></form>
</div>`,
    );
  }
  const ok = payment.status === "completed";
  const message =
    payment.status === "completed"
      ? clickText(lang, "paid")
      : payment.status === "cancelled"
        ? clickText(lang, "returned")
        : payment.status === "prepared" || payment.status === "processing"
          ? clickText(lang, "parked")
          : payment.status === "reversed"
            ? clickText(lang, "reversed")
            : payment.prepareError !== undefined && payment.prepareError !== 0
              ? clickText(lang, "refused", { note: payment.note ?? String(payment.prepareError) })
              : clickText(lang, "failed");
  return page(
    lang,
    clickText(lang, "title"),
    path,
    html`${summary(lang, payment)}<div class="card result" data-testid="click-result" data-status="${payment.status}">
<div class="icon ${ok ? "ok" : "fail"}">${ok ? "✓" : "!"}</div><h1>${message}</h1>
${payment.returnUrl ? html`<a class="button" href="${payment.returnUrl}" data-testid="click-back">${clickText(lang, "back")}</a>` : ""}</div>`,
  );
}

/** The page standing in for the Click app, where the phone's owner confirms or rejects an invoice. */
export function invoicePage(invoice: ClickInvoiceRecord, payment: ClickPaymentRecord | undefined, lang: Locale): string {
  const path = invoicePagePath(invoice.token);
  const head = html`<div class="card"><div class="muted">${clickText(lang, "invoicePhone", { phone: `+${invoice.phoneNumber}` })}</div></div>${summary(lang, invoice)}`;
  if (invoice.status === 0) {
    return page(
      lang,
      clickText(lang, "invoiceTitle"),
      path,
      html`${head}<div class="card">
<form method="post" action="${invoicePagePath(invoice.token, "/confirm")}"><input type="hidden" name="lang" value="${lang}"><button type="submit" data-testid="click-confirm">${clickText(lang, "confirm")}</button></form>
<form method="post" action="${invoicePagePath(invoice.token, "/reject")}"><input type="hidden" name="lang" value="${lang}"><button type="submit" class="secondary" data-testid="click-reject">${clickText(lang, "reject")}</button></form>
</div>`,
    );
  }
  const ok = invoice.status === 2;
  const message = invoice.status === -99 ? clickText(lang, "invoiceRejected") : ok ? clickText(lang, "paid") : payment?.status === "cancelled" ? clickText(lang, "returned") : clickText(lang, "failed");
  return page(
    lang,
    clickText(lang, "invoiceTitle"),
    path,
    html`${head}<div class="card result" data-testid="click-result" data-status="${invoice.status}"><div class="icon ${ok ? "ok" : "fail"}">${ok ? "✓" : "!"}</div><h1>${message}</h1></div>`,
  );
}

/**
 * The Click app of one phone (sandbox): the invoices sent to it, newest first, each opening its
 * page. Real Click pushes them to the phone; here QA and the e2e tests open this list.
 */
export function phoneAppPage(phoneNumber: string, invoices: ClickInvoiceRecord[], lang: Locale): string {
  const items = invoices.map(
    (invoice) =>
      html`<li><a href="${invoicePagePath(invoice.token)}?lang=${lang}" data-testid="click-app-invoice" data-status="${invoice.status}" data-order="${invoice.merchantTransId}">${clickText(lang, "order", { order: invoice.merchantTransId })} — ${formatSum(invoice.amount, lang)} (${invoice.status === 0 ? clickText(lang, "invoiceWaiting") : String(invoice.status)})</a></li>`,
  );
  return page(
    lang,
    clickText(lang, "invoiceTitle"),
    "/click/app",
    html`<div class="card"><div class="muted">${clickText(lang, "invoicePhone", { phone: `+${phoneNumber}` })}</div>
${invoices.length === 0 ? html`<p data-testid="click-app-empty">${clickText(lang, "noInvoices")}</p>` : html`<ul data-testid="click-app-invoices">${items}</ul>`}</div>`,
  );
}

export function errorPage(lang: Locale, title: string, status: "bad" | "gone"): string {
  return page(lang, clickText(lang, "title"), "/click/services/pay", html`<div class="card result" data-testid="click-error" data-kind="${status}"><div class="icon fail">!</div><h1>${title}</h1></div>`);
}
