import type { IncomingMessage, ServerResponse } from "node:http";
import { compactVerify } from "jose";
import { z } from "zod";
import { readBody, redirect, sendHtml, sendJson } from "../http";
import type { SandboxContext, SandboxModule, SandboxModuleFactory } from "../module";
import { gateCabinet } from "../cabinet-gate";
import { checkSandboxCredentials, type RobokassaSandboxCredentials } from "./credentials";
import { failQuery, notifyPaid, sixDecimals, successQuery, type NotifierDeps } from "./notifier";
import { cabinetPage, errorPage, invoicePath, payPage } from "./pages";
import { parsePayRequest } from "./pay-request";
import { createRobokassaRecords, InvoiceState, robokassaFaultsSchema, type Invoice } from "./records";
import { opStateBase, roublesToKopeks, signatureMatches, wireInvId, wireParams, type WireParams } from "./wire";

/**
 * Robokassa, emulated under `/robokassa` (test mode: the shop's test passwords):
 *   GET|POST /robokassa/Merchant/Index.aspx                        the payment interface
 *   GET|POST /robokassa/pay/<InvId>                                the payment page (pay / fail)
 *   GET      /robokassa/Merchant/WebService/Service.asmx/OpStateExt  invoice state (XML)
 *   POST     /robokassa/RefundService/Refund/Create                 refund (JWT, Password3)
 *   GET      /robokassa/RefundService/Refund/GetState?id=           refund state
 *   GET      /robokassa/cabinet (+ POST /robokassa/cabinet/faults)  QA's view and fault injection (sandbox token)
 * So the store's base URLs in sandbox mode are `<sandbox>/robokassa/Merchant/Index.aspx` (pay),
 * `<sandbox>/robokassa/Merchant/WebService/Service.asmx/OpStateExt` and
 * `<sandbox>/robokassa/RefundService`.
 */
export type RobokassaEmulatorOptions = {
  /** The shop's login, test passwords 1/2, Password3 and hash (what the store uses in sandbox mode). */
  credentials: RobokassaSandboxCredentials | (() => RobokassaSandboxCredentials);
  /** Default: the store's `/api/robokassa/result|success|fail` under `SANDBOX_STORE_URL`. */
  resultUrl?: string;
  successUrl?: string;
  failUrl?: string;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** First pause between notifications while the store does not answer OK (doubles each time). */
  retryDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
};

export const ROBOKASSA_PREFIX = "/robokassa";

export function robokassaEmulatorModule(options: RobokassaEmulatorOptions): SandboxModuleFactory {
  return (context) => createModule(context, options);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char]!);
}

/** OpStateExt's answer, in Robokassa's namespace and element order. */
export function opStateXml(resultCode: number, invoice?: Invoice): string {
  const head = `<?xml version="1.0" encoding="utf-8"?>\n<OperationStateResponse xmlns="http://merchant.roboxchange.com/WebService/">`;
  const result = `<Result><Code>${resultCode}</Code></Result>`;
  if (!invoice) return `${head}${result}</OperationStateResponse>`;
  const date = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  const paid = invoice.state === InvoiceState.success || invoice.state === InvoiceState.returned;
  const info = paid
    ? `<Info><IncCurrLabel>BankCardPSR</IncCurrLabel><IncSum>${sixDecimals(invoice.outSum)}</IncSum><IncAccount>220000******0004</IncAccount>` +
      `<PaymentMethod><Code>BankCard</Code><Description>Банковская карта</Description></PaymentMethod><OutCurrLabel>BankCardPSR</OutCurrLabel>` +
      `<OutSum>${sixDecimals(invoice.outSum - (invoice.outSum * 39n) / 1000n)}</OutSum><OpKey>${escapeXml(invoice.opKey ?? "")}</OpKey></Info>`
    : "";
  const fields = Object.entries(invoice.shp)
    .map(([name, value]) => `<Field><Name>${escapeXml(name)}</Name><Value>${escapeXml(value)}</Value></Field>`)
    .join("");
  return (
    `${head}${result}<State><Code>${invoice.state}</Code><RequestDate>${date(invoice.createdAt)}</RequestDate><StateDate>${date(invoice.stateAt)}</StateDate></State>` +
    `${info}<UserField>${fields}</UserField></OperationStateResponse>`
  );
}

function sendText(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}

const refundPayload = z.object({
  OpKey: z.string().min(1).max(200),
  RefundSum: z.union([z.number(), z.string()]).optional(),
  InvoiceItems: z.array(z.unknown()).optional(),
});

function createModule(context: SandboxContext, options: RobokassaEmulatorOptions): SandboxModule {
  const credentials = typeof options.credentials === "function" ? options.credentials : () => options.credentials as RobokassaSandboxCredentials;
  const problem = checkSandboxCredentials(credentials());
  if (problem) throw new Error(problem);
  const records = createRobokassaRecords(context.storage);
  const now = options.now ?? Date.now;
  const store = context.config.storeUrl.replace(/\/+$/, "");
  const urls = {
    result: options.resultUrl ?? `${store}/api/robokassa/result`,
    success: options.successUrl ?? `${store}/api/robokassa/success`,
    fail: options.failUrl ?? `${store}/api/robokassa/fail`,
  };
  const closing = new AbortController();
  /** A pause that ends early when the sandbox closes. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      closing.signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  const notifier: NotifierDeps = {
    records,
    credentials,
    resultUrl: () => urls.result,
    fetch: options.fetch,
    sleep: options.sleep ?? pause,
    stopped: () => closing.signal.aborted,
    now,
    retryDelayMs: options.retryDelayMs ?? 2_000,
    maxAttempts: options.maxAttempts ?? 6,
    timeoutMs: options.timeoutMs ?? 10_000,
    log: context.log,
  };
  const running = new Set<Promise<void>>();

  async function params(req: IncomingMessage, url: URL): Promise<WireParams | undefined> {
    return wireParams(req.method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams);
  }

  async function openInvoice(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const flat = await params(req, url);
    const culture = flat?.Culture === "en" ? "en" : "ru";
    if (!flat) return sendHtml(res, 400, errorPage(culture, "params", "a parameter is repeated"));
    const parsed = parsePayRequest(flat, credentials(), now());
    if (!parsed.ok) return sendHtml(res, parsed.error === "merchant" ? 404 : 400, errorPage(culture, parsed.error, parsed.detail));
    const opened = records.openInvoice(parsed.request, now());
    if (!opened.ok) return sendHtml(res, 409, errorPage(culture, "inv_id_used", `InvId ${parsed.request.invId}`));
    redirect(res, invoicePath(opened.invoice.invId));
  }

  async function payOrFail(req: IncomingMessage, res: ServerResponse, invoice: Invoice): Promise<void> {
    const action = new URLSearchParams(await readBody(req)).get("action");
    if (action === "fail") {
      if (records.settleInvoice(invoice.invId, InvoiceState.cancelled, now())) {
        return redirect(res, `${urls.fail}?${failQuery(invoice)}`);
      }
      return redirect(res, invoicePath(invoice.invId));
    }
    if (action !== "pay" || !records.settleInvoice(invoice.invId, InvoiceState.success, now())) {
      return redirect(res, invoicePath(invoice.invId));
    }
    const paid = records.getInvoice(invoice.invId)!;
    const { retries } = await notifyPaid(notifier, paid);
    const task = retries.catch((error: unknown) => context.log(`robokassa: notification failed: ${error instanceof Error ? error.message : String(error)}`));
    running.add(task);
    void task.finally(() => running.delete(task));
    redirect(res, `${urls.success}?${successQuery(paid, credentials())}`);
  }

  function opState(res: ServerResponse, url: URL): void {
    const login = url.searchParams.get("MerchantLogin") ?? "";
    const invoiceId = wireInvId.safeParse(url.searchParams.get("InvoiceID"));
    const signature = url.searchParams.get("Signature") ?? "";
    const current = credentials();
    if (login !== current.login) return sendText(res, 200, "text/xml", opStateXml(2));
    if (!invoiceId.success) return sendText(res, 200, "text/xml", opStateXml(3));
    const verified = signatureMatches(current.hash, opStateBase(login, invoiceId.data, current.password2), signature);
    if (!verified) return sendText(res, 200, "text/xml", opStateXml(1));
    const invoice = records.getInvoice(invoiceId.data);
    sendText(res, 200, "text/xml", invoice ? opStateXml(0, invoice) : opStateXml(3));
  }

  async function createRefund(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = (await readBody(req, 64 * 1024)).trim();
    let payloadText: string;
    try {
      const verified = await compactVerify(token, new TextEncoder().encode(credentials().password3), { algorithms: ["HS256", "HS384", "HS512"] });
      payloadText = new TextDecoder().decode(verified.payload);
    } catch {
      return sendJson(res, 401, { success: false, message: "Неверная подпись JWT (Password3)", requestId: null });
    }
    let payload: z.infer<typeof refundPayload>;
    try {
      payload = refundPayload.parse(JSON.parse(payloadText));
    } catch {
      return sendJson(res, 400, { success: false, message: "Неверный формат запроса", requestId: null });
    }
    let amount: bigint | undefined;
    if (payload.RefundSum !== undefined) {
      amount = roublesToKopeks(String(payload.RefundSum));
      if (amount === undefined) return sendJson(res, 400, { success: false, message: "Неверная сумма возврата", requestId: null });
    }
    const created = records.createRefund(payload.OpKey, amount, now());
    sendJson(res, 200, created.ok ? { success: true, message: null, requestId: created.refund.requestId } : { success: false, message: created.message, requestId: null });
  }

  function refundState(res: ServerResponse, url: URL): void {
    const refund = records.readRefund(url.searchParams.get("id") ?? "", now());
    if (!refund) return sendJson(res, 200, { success: false, message: "Возврат не найден" });
    // Robokassa writes the amount as a JSON number in roubles.
    const body = `{"requestId":${JSON.stringify(refund.requestId)},"amount":${sixDecimals(refund.amount)},"label":${JSON.stringify(refund.label)}}`;
    sendText(res, 200, "application/json", body);
  }

  function showCabinet(res: ServerResponse, message?: string): void {
    const current = credentials();
    sendHtml(
      res,
      200,
      cabinetPage({
        login: current.login,
        hash: current.hash,
        resultUrl: urls.result,
        successUrl: urls.success,
        failUrl: urls.fail,
        faults: records.faults(),
        invoices: records.listInvoices(),
        notifications: records.listNotifications(),
        refunds: records.listRefunds(),
        message,
      }),
    );
  }

  async function saveFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const parsed = robokassaFaultsSchema.safeParse({
      loseAnswers: Number(form.get("loseAnswers") || 0),
      repeat: form.get("repeat") === "1",
      forge: form.get("forge") === "1",
    });
    if (parsed.success) records.setFaults(parsed.data);
    showCabinet(res, parsed.success ? "Fault injection updated." : "Lose answers: 0 … 10.");
  }

  return {
    name: "robokassa",
    links: [{ href: `${ROBOKASSA_PREFIX}/cabinet`, label: "Robokassa — cabinet (invoices, notifications, refunds, faults)" }],
    async handle(req, res, url) {
      const path = url.pathname;
      if (path !== ROBOKASSA_PREFIX && !path.startsWith(`${ROBOKASSA_PREFIX}/`)) return false;
      const method = req.method ?? "GET";
      const sub = path.slice(ROBOKASSA_PREFIX.length);
      if (sub === "/Merchant/Index.aspx" && (method === "GET" || method === "POST")) {
        await openInvoice(req, res, url);
        return true;
      }
      const pay = /^\/pay\/([1-9]\d{0,18})$/.exec(sub);
      if (pay && (method === "GET" || method === "POST")) {
        const invoice = records.getInvoice(pay[1]!);
        if (!invoice) sendHtml(res, 404, errorPage("ru", "params", `no invoice ${pay[1]}`));
        else if (method === "GET") sendHtml(res, 200, payPage(invoice, credentials().login));
        else await payOrFail(req, res, invoice);
        return true;
      }
      if (sub === "/Merchant/WebService/Service.asmx/OpStateExt" && method === "GET") {
        opState(res, url);
        return true;
      }
      if (sub === "/RefundService/Refund/Create" && method === "POST") {
        await createRefund(req, res);
        return true;
      }
      if (sub === "/RefundService/Refund/GetState" && method === "GET") {
        refundState(res, url);
        return true;
      }
      // The cabinet shows the store's answers and changes the emulator: the sandbox token only,
      // changes from the cabinet's own page only (issue 10).
      const cabinetPath = `${ROBOKASSA_PREFIX}/cabinet`;
      if (await gateCabinet(req, res, { path, cabinetPath, title: "Robokassa sandbox", token: context.config.token })) return true;
      if (sub === "/cabinet" && method === "GET") {
        showCabinet(res);
        return true;
      }
      if (sub === "/cabinet/faults" && method === "POST") {
        await saveFaults(req, res);
        return true;
      }
      return false;
    },
    async close() {
      closing.abort();
      await Promise.allSettled([...running]);
    },
  };
}
