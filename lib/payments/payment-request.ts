import { z } from "zod";
import type { Db, SqlExecutor } from "../db";
import type { Env } from "../env";
import { AppError, fieldErrorsFromZod } from "../errors";
import { localeSchema, toLocale } from "../i18n/locales";
import { getOrderView } from "../orders/order-view";
import type { PaymentRequest as ProviderPaymentRequest } from "./provider";
import { providers, type Provider } from "./providers";
import { paymentProviders, providerById } from "./registry";

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
export type PaymentRequest = ProviderPaymentRequest<Provider>;

export type PaymentRequestDeps = {
  db: Db;
  sql: SqlExecutor;
  env: Env;
  /**
   * The store's origin as this request reached it (lib/http/request-origin.ts); the return URLs
   * and the sandbox's address follow it. Absent: PUBLIC_URL.
   */
  origin?: string;
  now?: () => number;
};

/** Providers whose hosted checkout Tolov implements (the checkout page lists only these). */
export const integratedProviders: readonly Provider[] = paymentProviders.filter((provider) => provider.checkout).map((provider) => provider.id);

function unavailable(provider: Provider, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { fields: [{ field: "provider", message: `${provider}: ${message}` }] });
}

/**
 * Validates the body, finds the order, refuses one that cannot be paid (409 with the reason),
 * and asks the provider (its registry entry's `checkout`) for exactly the outstanding amount.
 * Throws AppError: VALIDATION_FAILED (400), NOT_FOUND (404), NOT_PAYABLE (409).
 */
export async function createPaymentRequest(deps: PaymentRequestDeps, orderId: string, body: unknown): Promise<PaymentRequest> {
  const parsed = paymentRequestBody.safeParse(body);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "Invalid payment request.", { fields: fieldErrorsFromZod(parsed.error.issues) });
  }
  const { provider, lang } = parsed.data;
  const checkout = providerById(provider)?.checkout;
  if (!checkout) throw unavailable(provider, "This payment method is not available yet.");

  const view = await getOrderView(deps.db, orderId, (deps.now ?? Date.now)());
  if (!view) throw new AppError("NOT_FOUND", "No order with this id.");
  if (!view.payable) {
    const reason = view.notPayableReason ?? view.status;
    throw new AppError("NOT_PAYABLE", `The order cannot be paid now (${reason}).`, { reason });
  }
  const outcome = await checkout({
    order: view,
    outstanding: BigInt(view.outstandingAmount),
    lang: lang ?? toLocale(view.lang) ?? "ru",
    db: deps.db,
    sql: deps.sql,
    // Providers build return URLs (and the sandbox's address) from PUBLIC_URL: this request's origin.
    env: deps.origin ? { ...deps.env, PUBLIC_URL: deps.origin } : deps.env,
  });
  if (!outcome.ok) throw unavailable(provider, outcome.message);
  return outcome.request;
}
