import { z } from "zod";
import type { Db, SqlExecutor } from "../db";
import type { Env } from "../env";
import { AppError, fieldErrorsFromZod } from "../errors";
import { localeSchema, toLocale, type Locale } from "../i18n/locales";
import { createTranslator } from "../i18n/translate";
import { getOrderView, type OrderView } from "../orders/order-view";
import { buildPaymeCheckoutForm, buildPaymeCheckoutLink } from "./payme/checkout-link";
import { buildFiscalDetail, type FiscalSourceItem } from "./payme/fiscal-detail";
import { loadPaymeSettings } from "./payme/payme-settings";
import { paymeCheckoutUrl } from "./payme/payme-urls";
import { providers, type Provider } from "./providers";

/** `POST /api/orders/{id}/payments` body. */
export const paymentRequestBody = z.object({
  provider: z.enum(providers, { error: `expected one of: ${providers.join(", ")}` }),
  /** The hosted page's language; the order's language when absent. */
  lang: localeSchema.optional(),
});
export type PaymentRequestBody = z.infer<typeof paymentRequestBody>;

/**
 * How to pay an order on a provider's hosted page (DESIGN.md "Contract"): `url` opens it with
 * a GET (link, QR code), `form` submits it (fields are a flat `{name: value}` map).
 */
export type PaymentRequest = {
  provider: Provider;
  url: string;
  form: { action: string; method: "POST" | "GET"; fields: Record<string, string> };
};

export type PaymentRequestDeps = {
  db: Db;
  sql: SqlExecutor;
  env: Env;
  now?: () => number;
};

type PayableOrder = { view: OrderView; outstanding: bigint; lang: Locale };
type ProviderCheckout = (order: PayableOrder, deps: PaymentRequestDeps) => Promise<PaymentRequest>;

/** Milliseconds on Payme's success page before it sends the shopper back to the order page. */
export const PAYME_CALLBACK_TIMEOUT_MS = 15_000;

/** The order page, with Payme's `:transaction` placeholder that Payme fills in on the way back. */
export function paymeCallbackUrl(publicUrl: string, orderId: string): string {
  return `${publicUrl}/orders/${encodeURIComponent(orderId)}?payme=:transaction`;
}

async function paymeCheckout(order: PayableOrder, deps: PaymentRequestDeps): Promise<PaymentRequest> {
  const appSecret = deps.env.APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  const settings = await loadPaymeSettings(deps.sql, appSecret);
  if (!settings.merchantId) throw unavailable("payme", "Payme is not configured: set the cashbox id in the admin.");
  const items = await deps.sql.all<FiscalSourceItem>(
    `SELECT "title", "quantity", "unitPrice", "code", "packageCode", "vatPercent", "units" FROM "OrderItem" WHERE "orderNumber" = ? ORDER BY "position", "id"`,
    [Number(order.view.number)],
  );
  const t = createTranslator(order.lang);
  const input = {
    checkoutUrl: paymeCheckoutUrl(settings.mode, deps.env),
    merchantId: settings.merchantId,
    account: { [settings.accountField]: order.view.number },
    amount: order.outstanding,
    lang: order.lang,
    callback: paymeCallbackUrl(deps.env.PUBLIC_URL, order.view.id),
    callbackTimeoutMs: PAYME_CALLBACK_TIMEOUT_MS,
  };
  return {
    provider: "payme",
    url: buildPaymeCheckoutLink(input),
    form: buildPaymeCheckoutForm({
      ...input,
      description: t("payme.description", { number: order.view.number }),
      detail: buildFiscalDetail(items, order.outstanding),
    }),
  };
}

/** One entry per provider: add Click's and Robokassa's hosted pages here when they arrive. */
const checkouts: Readonly<Record<Provider, ProviderCheckout | undefined>> = {
  payme: paymeCheckout,
  click: undefined,
  robokassa: undefined,
};

/** Providers whose hosted checkout Tolov implements (the checkout page lists only these). */
export const integratedProviders: readonly Provider[] = (Object.keys(checkouts) as Provider[]).filter((provider) => checkouts[provider]);

function unavailable(provider: Provider, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { fields: [{ field: "provider", message: `${provider}: ${message}` }] });
}

/**
 * Validates the body, finds the order, refuses one that cannot be paid (409 with the reason),
 * and asks the provider for exactly the outstanding amount.
 */
export async function createPaymentRequest(deps: PaymentRequestDeps, orderId: string, body: unknown): Promise<PaymentRequest> {
  const parsed = paymentRequestBody.safeParse(body);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "Invalid payment request.", { fields: fieldErrorsFromZod(parsed.error.issues) });
  }
  const { provider, lang } = parsed.data;
  const checkout = checkouts[provider];
  if (!checkout) throw unavailable(provider, "This payment method is not available yet.");

  const view = await getOrderView(deps.db, orderId, (deps.now ?? Date.now)());
  if (!view) throw new AppError("NOT_FOUND", "No order with this id.");
  if (!view.payable) {
    const reason = view.notPayableReason ?? view.status;
    throw new AppError("NOT_PAYABLE", `The order cannot be paid now (${reason}).`, { reason });
  }
  const outstanding = BigInt(view.outstandingAmount);
  return checkout({ view, outstanding, lang: lang ?? toLocale(view.lang) ?? "ru" }, deps);
}
