import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { localeSchema, type Locale } from "../../i18n/locales";
import { readForm, redirect, sendHtml } from "../http";
import type { SandboxContext, SandboxModule, SandboxModuleFactory } from "../module";
import { gateCabinet } from "../cabinet-gate";
import { cabinetPage } from "./cabinet";
import { clickConnection, type ClickSandboxCredentials } from "./connection";
import { handleMerchantApi } from "./merchant-api-server";
import { clickText } from "./messages";
import { errorPage, invoicePage, invoicePagePath, payPage, payPagePath, phoneAppPage } from "./pages";
import { runPayment, sendComplete, type FlowDeps } from "./payment-flow";
import { clickFaultsSchema, createClickRecords } from "./records";
import { createShopApiClient } from "./shop-api-client";
import { sumToTiyin } from "./wire";

export type { ClickSandboxCredentials } from "./connection";

/**
 * Click, emulated under `/click` (Click serves these at my.click.uz and api.click.uz):
 *   GET  /click/services/pay?service_id&merchant_id&amount&transaction_param[&return_url][&card_type]
 *                                      the hosted page: pay (success) or a declined card (failure)
 *   /click/app?phone=998XXXXXXXXX      the Click app of one phone: the invoices sent to it
 *   /click/app/invoices/<token>        the page standing in for the Click app (pay by phone)
 *   /click/v2/merchant/…               the Merchant API (merchant-api-server.ts)
 *   /click/cabinet                     QA's cabinet (sandbox token): payments, invoices, calls, fault injection
 * Payments send signed, form-encoded Prepare and Complete to `<store>/api/click/…`.
 */
export type ClickEmulatorOptions = {
  /** The cashbox the emulator plays (the store's Click settings in sandbox mode). */
  credentials: (context: SandboxContext) => ClickSandboxCredentials;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  /** Per callback attempt. */
  timeoutMs?: number;
  /** Between callback attempts when the store gives no answer. */
  retryDelayMs?: number;
};

export function clickEmulatorModule(options: ClickEmulatorOptions): SandboxModuleFactory {
  return (context) => createModule(context, options);
}

/** The pay link's fields (protocol file, "Payment link"); `transaction_param` comes back as merchant_trans_id. */
const payLinkQuery = z.object({
  service_id: z.string().regex(/^\d{1,20}$/),
  merchant_id: z.string().regex(/^\d{1,20}$/),
  amount: z.string().max(40),
  transaction_param: z.string().min(1).max(64).regex(/^[^\u0000-\u001f\u007f]+$/),
  return_url: z
    .string()
    .max(2000)
    .regex(/^https?:\/\//)
    .optional(),
  card_type: z.enum(["uzcard", "humo"]).optional(),
  merchant_user_id: z.string().max(20).optional(),
});

function langOf(value: string | null | undefined): Locale {
  return localeSchema.safeParse(value).data ?? "ru";
}

function createModule(context: SandboxContext, options: ClickEmulatorOptions): SandboxModule {
  const records = createClickRecords(context.storage);
  const now = options.now ?? Date.now;
  const connection = () => clickConnection(context, options.credentials(context));
  const shop = createShopApiClient({
    target: () => connection(),
    faults: () => records.faults(),
    takeLostAnswer: () => records.takeLostAnswer(),
    record: (call) => records.recordCall(call),
    fetch: options.fetch,
    sleep: options.sleep,
    now,
    timeoutMs: options.timeoutMs,
    retryDelayMs: options.retryDelayMs,
  });
  const flow: FlowDeps = { records, shop, now, log: context.log };
  const running = new Set<Promise<unknown>>();

  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => {});
    return work;
  }

  function openPayLink(res: ServerResponse, url: URL): void {
    const lang = langOf(url.searchParams.get("lang"));
    const query = payLinkQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      const field = query.error.issues[0]?.path.join(".") ?? "query";
      return sendHtml(res, 400, errorPage(lang, clickText(lang, "badLink", { field }), "bad"));
    }
    const current = connection();
    if (query.data.service_id !== current.serviceId) return sendHtml(res, 404, errorPage(lang, clickText(lang, "badLink", { field: "service_id" }), "bad"));
    if (query.data.merchant_id !== current.merchantId) return sendHtml(res, 404, errorPage(lang, clickText(lang, "badLink", { field: "merchant_id" }), "bad"));
    const amount = sumToTiyin(query.data.amount);
    if (amount === null || amount <= 0n) return sendHtml(res, 400, errorPage(lang, clickText(lang, "badLink", { field: "amount" }), "bad"));
    const payment = records.createPayment({
      serviceId: current.serviceId,
      merchantTransId: query.data.transaction_param,
      amount,
      source: "page",
      returnUrl: query.data.return_url,
      cardType: query.data.card_type,
      lang,
      now: now(),
    });
    redirect(res, `${payPagePath(payment)}?lang=${lang}`);
  }

  async function pay(req: IncomingMessage, res: ServerResponse, token: string, outcome: "success" | "failure"): Promise<void> {
    const form = await readForm(req);
    const payment = records.paymentByToken(token);
    const lang = langOf(form.get("lang"));
    if (!payment) return sendHtml(res, 404, errorPage(lang, clickText(lang, "gone"), "gone"));
    // One press pays once, however often the button is pressed.
    if (records.updatePayment(payment.id, { status: "processing" }, now(), ["new"])) {
      await track(runPayment(flow, records.getPayment(payment.id)!, outcome));
    }
    redirect(res, `${payPagePath(payment)}?lang=${lang}`);
  }

  async function answerInvoice(req: IncomingMessage, res: ServerResponse, token: string, choice: "confirm" | "reject"): Promise<void> {
    const form = await readForm(req);
    const lang = langOf(form.get("lang"));
    const invoice = records.invoiceByToken(token);
    if (!invoice) return sendHtml(res, 404, errorPage(lang, clickText(lang, "gone"), "gone"));
    if (choice === "reject") {
      records.updateInvoice(invoice.id, { status: -99 }, now(), [0]);
    } else if (records.updateInvoice(invoice.id, { status: 1 }, now(), [0])) {
      const payment = records.createPayment({
        serviceId: invoice.serviceId,
        merchantTransId: invoice.merchantTransId,
        amount: invoice.amount,
        source: "invoice",
        invoiceId: invoice.invoiceId,
        lang,
        now: now(),
      });
      records.updateInvoice(invoice.id, { status: 1, paymentId: payment.id }, now(), [1]);
      records.updatePayment(payment.id, { status: "processing" }, now(), ["new"]);
      const { payment: done } = await track(runPayment(flow, records.getPayment(payment.id)!, "success"));
      records.updateInvoice(invoice.id, { status: done.status === "completed" ? 2 : done.status === "prepared" ? 1 : -1 }, now(), [1]);
    }
    redirect(res, `${invoicePagePath(token)}?lang=${lang}`);
  }

  function showCabinet(res: ServerResponse, message?: string): void {
    sendHtml(
      res,
      200,
      cabinetPage({
        connection: connection(),
        faults: records.faults(),
        payments: records.listPayments(),
        invoices: records.listInvoices(),
        calls: records.listCalls(),
        message,
      }),
    );
  }

  async function cabinetAction(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    const form = await readForm(req);
    let message: string;
    if (action === "faults") {
      const parsed = clickFaultsSchema.safeParse({
        loseNext: Number(form.get("loseNext") || 0),
        delayMs: Number(form.get("delayMs") || 0),
        duplicate: form.get("duplicate") === "1",
        amountStyle: form.get("amountStyle") || "decimal",
        holdComplete: form.get("holdComplete") === "1",
      });
      if (parsed.success) records.setFaults(parsed.data);
      message = parsed.success ? "Fault injection updated." : "Not saved: invalid values.";
    } else {
      const match = /^payments\/(\d{1,12})\/(complete|decline)$/.exec(action);
      const payment = match ? records.getPayment(Number(match[1])) : undefined;
      // Only a held or parked payment: Prepare accepted, no answered Complete yet.
      if (!match || !payment || payment.status !== "prepared" || !records.updatePayment(payment.id, { status: "processing" }, now(), ["prepared"])) {
        message = "No such prepared payment.";
      } else {
        let { payment: done } = await track(sendComplete(flow, records.getPayment(payment.id)!, match[2] === "complete" ? "success" : "failure"));
        // No answer: back to prepared, so it can be sent again.
        if (done.status === "processing" && records.updatePayment(done.id, { status: "prepared" }, now(), ["processing"])) done = records.getPayment(done.id)!;
        if (done.invoiceId) {
          const invoice = records.invoiceById(done.invoiceId);
          if (invoice) records.updateInvoice(invoice.id, { status: done.status === "completed" ? 2 : done.status === "prepared" ? 1 : -1 }, now(), [1]);
        }
        message = `Complete for ${done.clickTransId}: ${done.status}${done.completeError === undefined ? "" : ` (store answered ${done.completeError})`}.`;
      }
    }
    redirect(res, `/click/cabinet?message=${encodeURIComponent(message)}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path !== "/click" && !path.startsWith("/click/")) return false;
    const method = req.method ?? "GET";
    if (await handleMerchantApi(req, res, url, { records, credentials: () => connection(), now, invoicePagePath, log: context.log })) return true;

    if (path === "/click/services/pay" && method === "GET") {
      openPayLink(res, url);
      return true;
    }
    const payMatch = /^\/click\/services\/pay\/([0-9a-f]{32})(?:\/(pay|decline))?$/.exec(path);
    if (payMatch) {
      const [, token, step] = payMatch;
      if (method === "GET" && !step) {
        const payment = records.paymentByToken(token!);
        const lang = langOf(url.searchParams.get("lang") ?? payment?.lang);
        sendHtml(res, payment ? 200 : 404, payment ? payPage(payment, lang) : errorPage(lang, clickText(lang, "gone"), "gone"));
      } else if (method === "POST" && step) await pay(req, res, token!, step === "pay" ? "success" : "failure");
      else return false;
      return true;
    }
    if (path === "/click/app" && method === "GET") {
      const lang = langOf(url.searchParams.get("lang"));
      const phone = /^998\d{9}$/.exec(url.searchParams.get("phone") ?? "")?.[0];
      if (!phone) sendHtml(res, 400, errorPage(lang, clickText(lang, "badLink", { field: "phone" }), "bad"));
      else sendHtml(res, 200, phoneAppPage(phone, records.invoicesOfPhone(phone), lang));
      return true;
    }
    const invoiceMatch = /^\/click\/app\/invoices\/([0-9a-f]{32})(?:\/(confirm|reject))?$/.exec(path);
    if (invoiceMatch) {
      const [, token, step] = invoiceMatch;
      if (method === "GET" && !step) {
        const lang = langOf(url.searchParams.get("lang"));
        const invoice = records.invoiceByToken(token!);
        const payment = invoice?.paymentId === undefined ? undefined : records.getPayment(invoice.paymentId);
        sendHtml(res, invoice ? 200 : 404, invoice ? invoicePage(invoice, payment, lang) : errorPage(lang, clickText(lang, "gone"), "gone"));
      } else if (method === "POST" && step) await answerInvoice(req, res, token!, step as "confirm" | "reject");
      else return false;
      return true;
    }
    // The cabinet shows the store's answers and changes the emulator: the sandbox token only,
    // changes from the cabinet's own page only (issue 10).
    if (await gateCabinet(req, res, { path, cabinetPath: "/click/cabinet", title: "Click sandbox", token: context.config.token })) return true;
    if (path === "/click/cabinet" && method === "GET") {
      showCabinet(res, url.searchParams.get("message") ?? undefined);
      return true;
    }
    if (path.startsWith("/click/cabinet/") && method === "POST") {
      await cabinetAction(req, res, path.slice("/click/cabinet/".length));
      return true;
    }
    return false;
  }

  return {
    name: "click",
    links: [
      { href: "/click/cabinet", label: "Click — merchant cabinet (payments, invoices, fault injection)" },
    ],
    handle,
    async close() {
      // Payments in flight finish their current call; do not hold the shutdown for long.
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
