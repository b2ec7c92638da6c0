import type { SqlExecutor } from "../../db/sql";
import { AppError } from "../../errors";
import { defaultRateSource, type RateSource } from "../../money/exchange-rates";
import { orderItemsForFiscal } from "../../orders/order-items";
import type { CheckoutInput, CheckoutOutcome } from "../provider";
import { providerUrl } from "../provider-urls";
import { canReuseAttempt, priceRobokassaAttempt } from "./attempt-pricing";
import { insertRobokassaAttempt, latestRobokassaAttempt, type StoredRobokassaAttempt } from "./attempt-store";
import { robokassaCulture, robokassaDescriptionFor } from "./messages";
import { buildRobokassaPayment } from "./payment-link";
import { robokassaReturnKey } from "./return-key";
import { loadRobokassaSettings, robokassaPasswords, robokassaReceiptDefaults } from "./robokassa-settings";
import { robokassaPayUrlSpec } from "./robokassa-urls";

/** An invoice is payable on Robokassa's page this long (`ExpirationDate`, issue 12). */
export const ROBOKASSA_ATTEMPT_TTL_MS = 3_600_000;
/** An open attempt is shown again only while the shopper has this long left to pay it. */
const REUSE_MARGIN_MS = 10 * 60_000;

const paidSql = `SELECT 1 AS "one" FROM "LedgerEntry" WHERE "kind" = 'payment' AND "provider" = 'robokassa' AND "reference" = ?`;

async function isPaid(sql: SqlExecutor, invId: bigint): Promise<boolean> {
  return (await sql.get(paidSql, [invId.toString()], { one: "number" })) !== undefined;
}

export type RobokassaCheckoutOptions = { rates?: RateSource; now?: () => number };

/**
 * Robokassa's hosted checkout for `POST /api/orders/{id}/payments` (issue 12 item 1): the order's
 * outstanding tiyin priced in kopeks at the CBU RUB rate; the newest attempt is shown again while
 * it is unpaid, has time left and covers the same tiyin at the same rate, else a new attempt
 * (new InvId) is stored first. Then the signed form and link (Password1 of the mode, `IsTest=1`
 * outside live mode, the Receipt with the admin's defaults (`sno`, `tax`, `payment_method`, `payment_object`), `Shp_order`, `Shp_key` for FailURL). Live mode with only the offline fallback rate is
 * refused with 409 (AppError NOT_PAYABLE, reason `rate_unavailable`); sandbox and test mode use it
 * and log that they did.
 */
export async function robokassaHostedCheckout(input: CheckoutInput, options: RobokassaCheckoutOptions = {}): Promise<CheckoutOutcome<"robokassa">> {
  const appSecret = input.env.APP_SECRET;
  if (!appSecret) throw new Error("APP_SECRET is not set: start the store with npm start");
  const settings = await loadRobokassaSettings(input.sql, appSecret);
  const { password1 } = robokassaPasswords(settings);
  if (!settings.login || !password1) {
    return { ok: false, reason: "not_configured", message: "Robokassa is not configured: set the shop's login and Password1 in the admin." };
  }
  const live = settings.mode === "live";
  const nowMs = (options.now ?? Date.now)();
  const orderNumber = Number(input.order.number);
  const rate = await (options.rates ?? defaultRateSource).getRate("RUB");
  const items = (await orderItemsForFiscal(input.sql, orderNumber)).map((item) => ({
    name: item.title,
    quantity: item.quantity,
    amount: item.unitPrice * BigInt(item.quantity),
  }));
  const priced = priceRobokassaAttempt({ outstanding: input.outstanding, rate, live, items, receiptDefaults: robokassaReceiptDefaults(settings) });
  if (!priced.ok) {
    if (priced.reason === "fallback_rate_in_live") {
      throw new AppError("NOT_PAYABLE", "The CBU exchange rate is unavailable: Robokassa links are refused until it is known.", { reason: "rate_unavailable" });
    }
    if (priced.reason === "nothing_outstanding") throw new AppError("NOT_PAYABLE", "Nothing is outstanding on this order.", { reason: "paid" });
    throw new Error(`Robokassa attempt could not be priced: ${priced.reason}${priced.detail ? ` (${priced.detail})` : ""}`);
  }
  if (priced.attempt.fallbackRate) {
    console.warn(`robokassa: order ${orderNumber} priced at the offline fallback RUB rate ${rate.rate} of ${rate.date} (${settings.mode} mode)`);
  }

  let attempt: StoredRobokassaAttempt | undefined = await latestRobokassaAttempt(input.sql, orderNumber);
  const reusable =
    attempt !== undefined &&
    attempt.expiresAt.getTime() - nowMs > REUSE_MARGIN_MS &&
    attempt.outSum === priced.attempt.outSum &&
    canReuseAttempt(attempt, input.outstanding, rate) &&
    !(await isPaid(input.sql, attempt.invId));
  if (!reusable) {
    attempt = await insertRobokassaAttempt(input.sql, {
      orderNumber,
      amount: priced.attempt.amount,
      outSum: priced.attempt.outSum,
      rate: priced.attempt.rate,
      rateDate: priced.attempt.rateDate,
      rateSource: priced.attempt.fallbackRate ? "fallback" : "cbu",
      createdAt: new Date(nowMs),
      expiresAt: new Date(nowMs + ROBOKASSA_ATTEMPT_TTL_MS),
    });
  }

  const payment = buildRobokassaPayment({
    payUrl: providerUrl(robokassaPayUrlSpec, settings.mode, input.env),
    merchantLogin: settings.login,
    outSum: attempt!.outSum,
    invId: attempt!.invId,
    description: robokassaDescriptionFor(input.order.number, input.lang),
    culture: robokassaCulture(input.lang),
    isTest: !live,
    email: input.order.customer.email ?? undefined,
    expiresAt: attempt!.expiresAt,
    receiptJson: priced.attempt.receiptJson,
    shp: { Shp_order: input.order.number, Shp_key: robokassaReturnKey(appSecret, attempt!.invId) },
    password1,
    hash: settings.hash,
  });
  if (!payment.ok) {
    if (payment.reason === "hash_unavailable") return { ok: false, reason: "not_configured", message: `Robokassa: ${payment.message}` };
    throw new Error(`Robokassa payment link: ${payment.message}`);
  }
  return { ok: true, request: { provider: "robokassa", url: payment.url, form: payment.form } };
}
