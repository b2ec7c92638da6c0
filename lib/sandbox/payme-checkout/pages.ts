import type { Locale } from "../../i18n/locales";
import { locales } from "../../i18n/locales";
import { formatMoney } from "../../money/money";
import { documentHtml, html, raw, type SafeHtml } from "../html";
import { fillCallback } from "./checkout-request";
import { checkoutText, errorText, type CheckoutMessageKey } from "./messages";
import type { CheckoutSession, Failure } from "./records";
import { MAX_SMS_ATTEMPTS } from "./test-cards";

/** Payme-like look: white cards on a pale background, Payme's teal, a clear "sandbox" mark. */
const styles = raw(`<style>
:root{--teal:#00b8c2;--teal-dark:#00959e;--ink:#1d2a3a;--muted:#6b7a8c;--line:#e3e9ef;--bg:#f2f6f8;--danger:#d93a3a;--ok:#12a36b}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.45 -apple-system,"Segoe UI",Roboto,Arial,sans-serif}
a{color:var(--teal-dark)}
.top{background:#fff;border-bottom:1px solid var(--line)}
.top-in{max-width:30rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem}
.logo{font-weight:800;font-size:1.6rem;letter-spacing:-.02em;color:var(--ink)}
.logo span{color:var(--teal)}
.badge{background:#ffb020;color:#3b2600;border-radius:999px;padding:.1rem .6rem;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em}
.langs{margin-left:auto;display:flex;gap:.35rem}
.langs a{font-size:.8rem;text-decoration:none;color:var(--muted);padding:.15rem .4rem;border-radius:6px}
.langs a[aria-current=true]{background:var(--teal);color:#fff}
.banner{background:#fff7e0;color:#5c4300;text-align:center;font-size:.85rem;padding:.45rem 1rem;border-bottom:1px solid #f3e2b3}
main{max-width:30rem;margin:1.25rem auto;padding:0 1rem}
.card{background:#fff;border-radius:16px;box-shadow:0 2px 12px rgba(20,40,60,.07);padding:1.25rem;margin-bottom:1rem}
.order{color:var(--muted);font-size:.9rem}
.amount{font-size:2rem;font-weight:700;margin:.15rem 0}
.desc{color:var(--muted);font-size:.9rem}
details{margin-top:.75rem;font-size:.9rem}
details ul{padding-left:1.1rem;margin:.5rem 0 0}
h1{font-size:1.2rem;margin:0 0 1rem}
label{display:block;font-size:.85rem;color:var(--muted);margin:.75rem 0 .3rem}
input{width:100%;font-size:1.15rem;padding:.7rem .85rem;border:1.5px solid var(--line);border-radius:10px;background:#fbfdfe;color:var(--ink);letter-spacing:.04em}
input:focus{outline:none;border-color:var(--teal);box-shadow:0 0 0 3px rgba(0,184,194,.18)}
.row{display:flex;gap:.75rem}
.row>div{flex:1}
button,.button{display:block;width:100%;margin-top:1.1rem;padding:.85rem;border:0;border-radius:10px;background:var(--teal);color:#fff;font-size:1.05rem;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
button:hover,.button:hover{background:var(--teal-dark)}
.button.secondary{background:#fff;color:var(--teal-dark);border:1.5px solid var(--teal)}
.hint{font-size:.85rem;color:var(--muted);margin:.75rem 0 0}
.error{background:#fdeeee;color:var(--danger);border-radius:10px;padding:.65rem .85rem;font-size:.9rem;margin:.75rem 0 0}
.result{text-align:center}
.icon{width:3.5rem;height:3.5rem;border-radius:50%;display:flex;align-items:center;justify-content:center;margin:0 auto .75rem;color:#fff;font-size:1.8rem;font-weight:700}
.icon.ok{background:var(--ok)}.icon.fail{background:var(--danger)}
.spinner{width:2.5rem;height:2.5rem;border:4px solid var(--line);border-top-color:var(--teal);border-radius:50%;margin:0 auto 1rem;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.small{font-size:.8rem;color:var(--muted)}
.safety{font-size:.8rem;color:var(--muted);text-align:center}
.cancel{display:block;text-align:center;margin-top:.9rem;font-size:.9rem}
footer{text-align:center;font-size:.75rem;color:var(--muted);margin:1.5rem 0}
</style>`);

/** Card number in groups of four, expiry as MM/YY while typing; the page works without it too. */
const formattingScript = raw(`<script>
document.querySelectorAll("[data-format]").forEach(function (input) {
  input.addEventListener("input", function () {
    var digits = input.value.replace(/\\D/g, "");
    if (input.dataset.format === "card") input.value = digits.slice(0, 16).replace(/(\\d{4})(?=\\d)/g, "$1 ");
    else if (input.dataset.format === "expiry") input.value = digits.length > 2 ? digits.slice(0, 2) + "/" + digits.slice(2, 4) : digits;
  });
});
</script>`);

const lockIcon = raw(
  `<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect x="2" y="5" width="8" height="6" rx="1" fill="currentColor"/><path d="M4 5V3.5a2 2 0 0 1 4 0V5" fill="none" stroke="currentColor" stroke-width="1.3"/></svg>`,
);

export function sessionPath(session: { id: string }, suffix = ""): string {
  return `/payme/checkout/${session.id}${suffix}`;
}

function t(lang: Locale, key: CheckoutMessageKey, params?: Record<string, string | number>): string {
  return checkoutText(lang, key, params);
}

/**
 * An amount in tiyin as the store writes it in the same language (lib/money's formatMoney):
 * `1 250 000 so'm`, `1 250 000 сум`, `UZS 1,250,000`, so the shopper sees one sum on both pages.
 */
export function formatSum(amount: bigint, lang: Locale): string {
  return formatMoney(amount, "UZS", lang);
}

function layout(lang: Locale, title: string, body: SafeHtml, options: { langPath?: string; head?: SafeHtml } = {}): string {
  return documentHtml({
    lang,
    title: `${title} — Payme sandbox`,
    head: html`${styles}${options.head}`,
    body: html`<header class="top"><div class="top-in">
<span class="logo" aria-label="Payme">pay<span>me</span></span>
<span class="badge" data-testid="payme-sandbox-badge">Payme ${t(lang, "badge")}</span>
${
  options.langPath
    ? html`<nav class="langs" aria-label="Language">${locales.map(
        (code) => html`<a href="${options.langPath}?lang=${code}" lang="${code}" aria-current="${code === lang ? "true" : "false"}">${code.toUpperCase()}</a>`,
      )}</nav>`
    : null
}
</div></header>
<div class="banner" role="note">${t(lang, "banner")}</div>
<main>${body}</main>
<footer>Payme sandbox · Tolov</footer>`,
  });
}

function accountLine(session: CheckoutSession): string {
  const orderId = session.account.order_id;
  if (orderId !== undefined && Object.keys(session.account).length === 1) return t(session.lang, "order", { number: orderId });
  return `${t(session.lang, "account")}: ${Object.entries(session.account)
    .map(([field, value]) => `${field} ${value}`)
    .join(", ")}`;
}

function descriptionOf(session: CheckoutSession): string | undefined {
  const description = session.description;
  if (!description) return undefined;
  if (typeof description === "string") return description;
  return description[session.lang] ?? description.ru ?? Object.values(description)[0];
}

type DetailItem = { title?: unknown; price?: unknown; count?: unknown; discount?: unknown };

function itemsOf(session: CheckoutSession): SafeHtml | null {
  const items = (session.detail as { items?: DetailItem[] } | undefined)?.items;
  if (!Array.isArray(items) || items.length === 0) return null;
  const lines = items.map((item) => {
    const price = typeof item.price === "number" ? BigInt(Math.trunc(item.price)) : 0n;
    const count = typeof item.count === "number" ? BigInt(Math.trunc(item.count)) : 1n;
    const discount = typeof item.discount === "number" ? BigInt(Math.trunc(item.discount)) : 0n;
    return html`<li>${String(item.title ?? "")} × ${count.toString()} — ${formatSum(price * count - discount, session.lang)}</li>`;
  });
  return html`<details><summary>${t(session.lang, "items")}</summary><ul>${lines}</ul></details>`;
}

function summary(session: CheckoutSession): SafeHtml {
  return html`<section class="card" aria-label="${t(session.lang, "title")}">
<div class="order" data-testid="payme-order">${accountLine(session)}</div>
<div class="amount" data-testid="payme-amount">${formatSum(session.amount, session.lang)}</div>
${descriptionOf(session) ? html`<div class="desc">${descriptionOf(session)}</div>` : null}
${itemsOf(session)}
</section>`;
}

/** Where "back to the shop" goes: the callback (or the page that sent the shopper) with Payme's placeholders filled. */
export function returnUrl(session: CheckoutSession): string | undefined {
  if (session.callback) return fillCallback(session.callback, session.transactionId, session.account);
  return session.referer;
}

function notice(session: CheckoutSession): SafeHtml | null {
  if (!session.notice) return null;
  return html`<p class="error" role="alert" data-testid="payme-error">${t(session.lang, session.notice.key as CheckoutMessageKey, session.notice.params)}</p>`;
}

function cancelLink(session: CheckoutSession): SafeHtml | null {
  const back = returnUrl(session);
  return back ? html`<a class="cancel" href="${back}">${t(session.lang, "cancel")}</a>` : null;
}

export function cardPage(session: CheckoutSession): string {
  const lang = session.lang;
  return layout(
    lang,
    t(lang, "title"),
    html`${summary(session)}
<section class="card">
<h1>${t(lang, "title")}</h1>
<form method="post" action="${sessionPath(session, "/card")}" autocomplete="on">
<label for="card">${t(lang, "cardNumber")}</label>
<input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="0000 0000 0000 0000" maxlength="23" data-format="card" required autofocus>
<div class="row"><div>
<label for="expiry">${t(lang, "expiry")}</label>
<input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="${t(lang, "expiryPlaceholder")}" maxlength="7" data-format="expiry" required>
</div></div>
${notice(session)}
<button type="submit" data-testid="payme-pay">${t(lang, "pay")}</button>
</form>
<p class="hint">${t(lang, "testCards")}</p>
${cancelLink(session)}
</section>
<p class="safety">${lockIcon} ${t(lang, "cardSafety")}</p>
${formattingScript}`,
    { langPath: sessionPath(session) },
  );
}

export function smsPage(session: CheckoutSession): string {
  const lang = session.lang;
  return layout(
    lang,
    t(lang, "smsTitle"),
    html`${summary(session)}
<section class="card">
<h1>${t(lang, "smsTitle")}</h1>
<p>${t(lang, "smsSent", { card: session.cardMask ?? "" })}</p>
<form method="post" action="${sessionPath(session, "/verify")}">
<label for="code">${t(lang, "code")}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" pattern="[0-9]*" required autofocus>
${notice(session)}
<button type="submit" data-testid="payme-confirm">${t(lang, "confirm")}</button>
</form>
<p class="hint">${t(lang, "smsHint")}</p>
${cancelLink(session)}
</section>`,
    { langPath: sessionPath(session) },
  );
}

export function processingPage(session: CheckoutSession): string {
  const lang = session.lang;
  return layout(
    lang,
    t(lang, "processing"),
    html`${summary(session)}
<section class="card result" role="status" data-testid="payme-processing">
<div class="spinner" aria-hidden="true"></div>
<h1>${t(lang, "processing")}</h1>
<p class="small">${t(lang, "processingNote")}</p>
</section>`,
    { head: raw(`<meta http-equiv="refresh" content="1">`) },
  );
}

export function successPage(session: CheckoutSession): string {
  const lang = session.lang;
  const back = returnUrl(session);
  const seconds = Math.ceil(session.callbackTimeoutMs / 1000);
  const head = back
    ? html`<meta http-equiv="refresh" content="${seconds};url=${back}">
<script>setTimeout(function(){location.replace(${raw(JSON.stringify(back).replace(/</g, "\\u003c"))})},${session.callbackTimeoutMs});</script>`
    : undefined;
  return layout(
    lang,
    t(lang, "successTitle"),
    html`${summary(session)}
<section class="card result" role="status" data-testid="payme-success">
<div class="icon ok" aria-hidden="true">✓</div>
<h1>${t(lang, "successTitle")}</h1>
${session.transactionId ? html`<p class="small">${t(lang, "transaction", { id: session.transactionId })}</p>` : null}
${back ? html`<p>${t(lang, "successRedirect", { seconds })}</p><a class="button" href="${back}" data-testid="payme-back">${t(lang, "backToShop")}</a>` : null}
</section>`,
    { head },
  );
}

function failureLines(lang: Locale, failure: Failure | undefined): SafeHtml {
  if (!failure) return html``;
  if (failure.kind === "card") {
    const key = failure.behaviour === "too_many_codes" ? "code.tooMany" : (`card.${failure.behaviour}` as CheckoutMessageKey);
    return html`<p data-testid="payme-failure-message">${t(lang, key)}</p>`;
  }
  const code = failure.code;
  const field = failure.kind === "check" ? failure.field : undefined;
  const merchantMessage =
    failure.kind === "merchant" && failure.message && typeof failure.message === "object"
      ? (failure.message as Record<string, unknown>)[lang]
      : failure.kind === "merchant" && typeof failure.message === "string"
        ? failure.message
        : undefined;
  return html`<p data-testid="payme-failure-message">${errorText(lang, code, field)}</p>
${typeof merchantMessage === "string" && merchantMessage ? html`<p class="small">${t(lang, "merchantSays", { message: merchantMessage })}</p>` : null}
<p class="small" data-testid="payme-error-code">${t(lang, "errorCode", { code })}</p>`;
}

export function failurePage(session: CheckoutSession): string {
  const lang = session.lang;
  const back = returnUrl(session);
  const retry = session.failure?.kind === "card";
  return layout(
    lang,
    t(lang, "failTitle"),
    html`${summary(session)}
<section class="card result" role="alert" data-testid="payme-failure">
<div class="icon fail" aria-hidden="true">!</div>
<h1>${t(lang, "failTitle")}</h1>
${failureLines(lang, session.failure)}
<p class="small">${t(lang, "notDebited")}</p>
${retry ? html`<form method="post" action="${sessionPath(session, "/retry")}"><button type="submit" class="button secondary">${t(lang, "tryAnotherCard")}</button></form>` : null}
${back ? html`<a class="button" href="${back}" data-testid="payme-back">${t(lang, "backToShop")}</a>` : null}
</section>`,
    { langPath: sessionPath(session) },
  );
}

/** A check Payme refuses outright (unknown merchant, a bad field): no session behind it. */
export function checkErrorPage(lang: Locale, code: number, field: string | undefined, back: string | undefined): string {
  return layout(
    lang,
    t(lang, "failTitle"),
    html`<section class="card result" role="alert" data-testid="payme-failure">
<div class="icon fail" aria-hidden="true">!</div>
<h1>${t(lang, "failTitle")}</h1>
<p data-testid="payme-failure-message">${errorText(lang, code, field)}</p>
<p class="small" data-testid="payme-error-code">${t(lang, "errorCode", { code })}</p>
${back ? html`<a class="button" href="${back}" data-testid="payme-back">${t(lang, "backToShop")}</a>` : null}
</section>`,
  );
}

export function sessionGonePage(lang: Locale): string {
  return layout(lang, t(lang, "failTitle"), html`<section class="card result" role="alert"><p>${t(lang, "sessionGone")}</p></section>`);
}

export function sessionPage(session: CheckoutSession): string {
  switch (session.status) {
    case "card":
      return cardPage(session);
    case "sms":
      return smsPage(session);
    case "processing":
      return processingPage(session);
    case "paid":
      return successPage(session);
    case "failed":
      return failurePage(session);
  }
}

export function remainingAttempts(session: CheckoutSession): number {
  return Math.max(0, MAX_SMS_ATTEMPTS - session.smsAttempts);
}

