// "Pay with a test card" as the card form does it: the browser's steps against a Subscribe API
// (cards.create → cards.get_verify_code → cards.verify), then the store's receipts.create and
// receipts.pay. No vitest import, so Playwright specs use it too.
import type { SqlDatabase } from "@/lib/db/sql";
import { parseEnv } from "@/lib/env";
import type { ReceiptsContext } from "@/lib/payments/payme/receipts/context";
import { createReceiptForOrder } from "@/lib/payments/payme/receipts/create-receipt";
import { payReceipt } from "@/lib/payments/payme/receipts/pay-receipt";
import { createReceiptsContext } from "@/lib/payments/payme/receipts/service";
import { createSubscribeBrowserClient } from "@/lib/payments/payme/subscribe/browser-client";
import { TEST_CARD_EXPIRE, TEST_SMS_CODE } from "@/lib/sandbox/payme-subscribe/test-cards";

/** Payme's test card that always pays (UZCARD). */
export const WORKING_CARD = "8600069195406311";

/**
 * The verified card token the browser hands the store: Payme's test `number` (expiry 03/99, SMS
 * code 666666) through `endpoint` (a Subscribe API, e.g. the emulator's `…/payme/api`) for the
 * cashbox `merchantId`. Throws on a Subscribe error.
 */
export async function verifiedCardToken(endpoint: string, merchantId: string, number = WORKING_CARD, save = false): Promise<string> {
  const browser = createSubscribeBrowserClient({ endpoint, merchantId });
  const { card } = await browser.cardsCreate({ card: { number, expire: TEST_CARD_EXPIRE }, save });
  await browser.cardsGetVerifyCode(card.token);
  return (await browser.cardsVerify(card.token, TEST_SMS_CODE)).card.token;
}

/**
 * Pays what the order owes with a test card through the store's receipts code: receipts.create
 * (a hold when `hold`), a verified token, receipts.pay. Returns the paid (or held) receipt;
 * throws on any refusal.
 */
export async function payWithTestCard(ctx: ReceiptsContext, orderId: string, options: { hold?: boolean; number?: string } = {}) {
  const hold = options.hold ?? false;
  const created = await createReceiptForOrder(ctx, orderId, { hold });
  if (!created.ok) throw new Error(`receipts.create: ${JSON.stringify(created.error)}`);
  const settings = await ctx.settings();
  const token = await verifiedCardToken(ctx.endpoint(settings), settings.merchantId, options.number);
  const paid = await payReceipt(ctx, { orderId, receiptId: created.receipt.id, token, hold });
  if (!paid.ok) throw new Error(`receipts.pay: ${JSON.stringify(paid.error)}`);
  return paid.receipt;
}

/**
 * The receipts context a running store builds for itself (its sandbox on `port + 1`, its
 * settings decrypted with `appSecret`), for tests that pay outside the browser; also the parsed
 * environment it came from.
 */
export function runningStoreReceipts(sql: SqlDatabase, store: { port: number; url: string; databaseUrl: string; dataDir: string; appSecret: string }) {
  const env = parseEnv({
    PORT: String(store.port),
    PUBLIC_URL: store.url,
    SANDBOX_PORT: String(store.port + 1),
    DATABASE_URL: store.databaseUrl,
    DATA_DIR: store.dataDir,
    APP_SECRET: store.appSecret,
  });
  return { env, ctx: createReceiptsContext(sql, store.appSecret, env) };
}
