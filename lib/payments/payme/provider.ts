import { definePaymentProvider, type ProviderActionOutcome } from "../provider";
import type { PaymeActionOutcome } from "./admin/payme-actions";
import { paymeFiscalReceiptLinks } from "./fiscal-links";
import { paymeHostedCheckout } from "./hosted-checkout";
import { paymeLastFailure } from "./last-failure";
import { createMerchantHttpHandler, merchantDeps } from "./merchant-api";
import { paymeLapseRule, sweepExpiredTransactions } from "./merchant-api/transactions";
import { paymeFields, paymeKeysForm } from "./payme-keys";
import { paymeSubscribeUrl } from "./payme-urls";
import { activeKey, loadPaymeSettings, sandboxPaymeCredentials } from "./payme-settings";
import { pollReceipts } from "./receipts/poll-receipts";
import { receiptsContext } from "./receipts/service";

// The admin's Payme code (gateway, receipts domain) is `server-only`, and server.ts loads this
// file outside React's server environment: those modules are imported when a hook runs.
const adminActions = () => import("./admin/payme-actions");
const adminGateway = async () => (await import("./admin/payme-gateway-connect")).paymeAdminGateway();

function outcomeOf(outcome: PaymeActionOutcome): ProviderActionOutcome {
  if (outcome.ok) return { ok: true, state: outcome.receipt?.state, count: outcome.count };
  if (outcome.reason === "provider_error") return { ok: false, reason: "provider_error", code: outcome.failure.code, message: outcome.failure.message };
  if (outcome.reason === "not_a_payme_payment") return { ok: false, reason: "not_this_provider" };
  return { ok: false, reason: outcome.reason };
}

/** One minute: expired transactions are cancelled and receipts in flight polled this often. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Payme: the hosted checkout with the Merchant API (JSON-RPC callbacks on `/api/payme`) and the
 * Subscribe API (card form, holds, SMS invoices), both in this folder.
 */
export const paymeProvider = definePaymentProvider({
  id: "payme",
  // Payme changing the cashbox key (ChangePassword), the admin's hold and invoice actions, the tester.
  auditActions: ["change_password", "hold_confirm", "hold_cancel", "invoice_resend", "sandbox_check"],
  settings: {
    id: "payme",
    prefix: "payme.",
    form: paymeKeysForm,
    fields: paymeFields,
    secrets: ["key", "testKey"],
    liveRequires: ["merchantId", "key"],
    defaults: { merchantId: "", login: "Paycom", accountField: "order_id", mode: "sandbox", billing: "true", ipAllowlist: "false", trustedProxies: "", checkout: "true" },
    seed({ env, appSecret }) {
      const sandbox = env.PAYMENTS_MODE === "sandbox" ? sandboxPaymeCredentials(appSecret) : undefined;
      return {
        values: { merchantId: env.PAYME_MERCHANT_ID ?? sandbox?.merchantId, mode: env.PAYMENTS_MODE, billing: String(env.PAYME_BILLING) },
        secrets: { key: env.PAYME_KEY, testKey: env.PAYME_TEST_KEY ?? sandbox?.testKey },
      };
    },
  },
  async readiness({ sql, appSecret }) {
    const settings = await loadPaymeSettings(sql, appSecret);
    return { mode: settings.mode, configured: Boolean(settings.merchantId && activeKey(settings)) };
  },
  /** The card form calls the Subscribe API (cards.create, cards.verify) from the browser. */
  browserOrigins: ({ mode, env }) => [new URL(paymeSubscribeUrl(mode, env)).origin],
  /** The Merchant API tester (app/admin/payme-tester): Payme's own scenarios against this store. */
  adminPages: [{ path: "/admin/payme-tester", label: "nav.paymeTester" }],
  callbackUrls: ({ publicUrl }) => [{ label: "callbacks.paymeEndpoint", url: `${publicUrl}/api/payme`, method: "POST" }],
  checkout: paymeHostedCheckout,

  async refund({ sql, ip, orderNumber, ledgerId }) {
    const { refundPaymePayment } = await adminActions();
    return outcomeOf(await refundPaymePayment({ sql, gateway: await adminGateway(), ip }, orderNumber, ledgerId));
  },
  /** The card form's receipts are refunded by the button, hosted-page payments in Payme's cabinet; both only whole. */
  async refundNote({ sql, reference }) {
    const { paymeRefundNote } = await import("./admin/refund-note");
    return paymeRefundNote(sql, reference);
  },
  async captureHold({ sql, ip, orderNumber }) {
    const { settlePaymeHold } = await adminActions();
    return outcomeOf(await settlePaymeHold({ sql, gateway: await adminGateway(), ip }, orderNumber, "confirm"));
  },
  async releaseHold({ sql, ip, orderNumber }) {
    const { settlePaymeHold } = await adminActions();
    return outcomeOf(await settlePaymeHold({ sql, gateway: await adminGateway(), ip }, orderNumber, "cancel"));
  },
  async resendInvoice({ sql, ip, orderNumber }) {
    const { resendPaymeInvoice } = await adminActions();
    return outcomeOf(await resendPaymeInvoice({ sql, gateway: await adminGateway(), ip }, orderNumber));
  },
  async checkConnection({ sql, ip }) {
    const { checkPaymeConnection } = await adminActions();
    return outcomeOf(await checkPaymeConnection({ sql, gateway: await adminGateway(), ip }));
  },

  /** The 12-hour rule: state-1 transactions past Payme's timeout are cancelled with reason 4. */
  onOrderTouched: paymeLapseRule,
  /** Unpaid receipts (an SMS invoice, an open card form) must not take money after a cancel. */
  async onOrderCancelled({ orderNumber }) {
    const { cancelOpenReceipts } = await import("./receipts");
    await cancelOpenReceipts(orderNumber);
  },
  orderRelations: ["paymeTransactions"],
  fiscalReceipts: ({ sql, orderNumber }) => paymeFiscalReceiptLinks(sql, orderNumber),
  lastFailure: paymeLastFailure,
  async attempts({ sql, orderNumber }) {
    const { paymeAttempts } = await import("./admin/attempts");
    return paymeAttempts(sql, orderNumber);
  },
  async reconciliation() {
    const gateway = await adminGateway();
    if (!gateway) return null;
    const { paymeReconciliationSource } = await import("./admin/reconciliation-source");
    return paymeReconciliationSource(gateway);
  },

  jobs: [
    // Transactions nobody touches for 12 hours are cancelled (reason 4).
    { name: "sweep", intervalMs: SWEEP_INTERVAL_MS, run: ({ sql, nowMs }) => sweepExpiredTransactions(sql, nowMs) },
    // Subscribe receipts in flight are polled, held ones once a day (a hold the network released releases the order).
    { name: "receipt poll", intervalMs: SWEEP_INTERVAL_MS, run: () => pollReceipts(receiptsContext()) },
  ],
  fastRoutes: [
    {
      path: "/api/payme",
      enabled: ({ env }) => env.TOLOV_PAYME_FAST_PATH === "on",
      createHandler: () => createMerchantHttpHandler(merchantDeps()),
    },
  ],
});
