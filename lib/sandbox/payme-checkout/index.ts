import type { IncomingMessage, ServerResponse } from "node:http";
import { readForm, redirect, sendHtml } from "../http";
import type { SandboxContext, SandboxModule, SandboxModuleFactory } from "../module";
import { hasSandboxToken } from "../cabinet-auth";
import { cabinetSignInPage, gateCabinet } from "../cabinet-gate";
import { paymeConnection } from "../payme-connection";
import { localeSchema } from "../../i18n/locales";
import { cabinetPage } from "./cabinet";
import { CheckoutRequestError, checkoutErrorCodes, fillCallback, parseCheckoutForm, parseCheckoutLink, type CheckoutRequest } from "./checkout-request";
import { createMerchantClient } from "./merchant-client";
import { checkErrorPage, sessionGonePage, sessionPage, sessionPath } from "./pages";
import { applyResult, cancelTransaction, CancelReason, checkOrder, failureOf, runPayment, type FlowDeps } from "./payment-flow";
import { createCheckoutRecords, faultsSchema, type CheckoutSession } from "./records";
import { statementCsv, tashkentDayStart } from "./statement";
import { failsBeforeSms, MAX_SMS_ATTEMPTS, maskCard, normalizeCardNumber, normalizeExpiry, SLOW_CARD_DELAY_MS, TEST_CARD_EXPIRY, TEST_SMS_CODE, testCards } from "./test-cards";

/**
 * Payme's hosted checkout, emulated under `/payme` (Payme serves it at its host's root):
 *   POST /payme/                the check as a POST form
 *   GET  /payme/<base64>        the check as a GET link (or a QR code of it)
 *   /payme/checkout/<session>   the card, SMS and result steps
 *   /payme/cabinet              QA's cabinet: transactions, refunds, fault injection
 *   GET /payme/cabinet/statement?from=YYYY-MM-DD&to=YYYY-MM-DD   the transactions' statement (CSV)
 * `/payme/api` is left to the Subscribe API emulator.
 */
export type PaymeCheckoutOptions = {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  slowCardDelayMs?: number;
  fetch?: typeof fetch;
  /** Between attempts when the store does not answer. */
  retryDelayMs?: number;
};

const RESERVED = new Set(["api", "checkout", "cabinet"]);

/**
 * How long the result step waits for a payment in flight before it shows the "processing" page
 * (which refreshes itself every second): a payment that ends sooner goes straight to its result,
 * so a short callback_timeout returns the shopper as soon as the payment is done.
 */
const PROCESSING_WAIT_MS = 2_000;

export function paymeCheckoutModule(options: PaymeCheckoutOptions = {}): SandboxModuleFactory {
  return (context) => createModule(context, options);
}

export const createPaymeCheckoutModule: SandboxModuleFactory = paymeCheckoutModule();

function createModule(context: SandboxContext, options: PaymeCheckoutOptions): SandboxModule {
  const records = createCheckoutRecords(context.storage);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const target = () => {
    const connection = paymeConnection(context);
    return { ...connection, key: connection.testKey };
  };

  const client = createMerchantClient({
    target,
    faults: () => records.faults(),
    takeLostAnswer: () => records.takeLostAnswer(),
    record: (call) => records.recordCall(call),
    fetch: options.fetch,
    sleep,
    now,
    retryDelayMs: options.retryDelayMs,
  });
  const flow: FlowDeps = {
    records,
    client,
    now,
    sleep,
    slowCardDelayMs: options.slowCardDelayMs ?? SLOW_CARD_DELAY_MS,
    log: context.log,
  };
  const running = new Set<Promise<void>>();
  /** The payment in flight of each session, while it runs. */
  const paying = new Map<string, Promise<void>>();

  function runInBackground(work: Promise<void>, sessionId: string): void {
    const task = work.catch((error: unknown) => context.log(`payme checkout: payment failed: ${error instanceof Error ? error.message : String(error)}`));
    running.add(task);
    paying.set(sessionId, task);
    void task.finally(() => {
      running.delete(task);
      paying.delete(sessionId);
    });
  }

  /** Waits (at most PROCESSING_WAIT_MS) for the session's payment in flight to end. */
  async function settledOrTimeout(sessionId: string): Promise<void> {
    const task = paying.get(sessionId);
    if (!task) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([task, new Promise<void>((resolve) => (timer = setTimeout(resolve, PROCESSING_WAIT_MS)))]);
    clearTimeout(timer);
  }

  async function openCheck(req: IncomingMessage, res: ServerResponse, parse: () => CheckoutRequest, lang: string | null): Promise<void> {
    const referer = typeof req.headers.referer === "string" ? req.headers.referer : undefined;
    let request: CheckoutRequest;
    try {
      request = parse();
    } catch (error) {
      if (!(error instanceof CheckoutRequestError)) throw error;
      const locale = localeSchema.safeParse(lang).data ?? "ru";
      return sendHtml(res, 400, checkErrorPage(locale, error.code, error.field, referer));
    }
    if (request.merchant !== target().merchantId) {
      const back = request.callback ? fillCallback(request.callback, undefined, request.account) : referer;
      return sendHtml(res, 404, checkErrorPage(request.lang, checkoutErrorCodes.merchantNotFound, undefined, back));
    }
    const session = records.createSession(request, now(), referer);
    const check = await checkOrder(flow, session);
    if (check.kind !== "result" || check.result.allow !== true) {
      records.updateSession(session.id, { status: "failed", failure: failureOf(check) });
    } else if (session.detail === undefined && check.result.detail !== undefined) {
      records.updateSession(session.id, { detail: check.result.detail });
    }
    redirect(res, sessionPath(session));
  }

  async function submitCard(req: IncomingMessage, res: ServerResponse, session: CheckoutSession): Promise<void> {
    const form = await readForm(req);
    if (session.status !== "card") return redirect(res, sessionPath(session));
    const number = normalizeCardNumber(form.get("card") ?? "");
    const behaviour = testCards[number];
    if (!/^\d{16}$/.test(number)) {
      records.updateSession(session.id, { notice: { key: "card.number" } });
    } else if (!behaviour) {
      records.updateSession(session.id, { notice: { key: "card.unknown" } });
    } else if (normalizeExpiry(form.get("expiry") ?? "") !== TEST_CARD_EXPIRY) {
      records.updateSession(session.id, { notice: { key: "card.expiry" } });
    } else if (failsBeforeSms.has(behaviour)) {
      records.updateSession(
        session.id,
        { status: "failed", cardMask: maskCard(number), cardBehaviour: behaviour, notice: undefined, failure: { kind: "card", behaviour } },
        ["card"],
      );
    } else {
      records.updateSession(
        session.id,
        { status: "sms", cardMask: maskCard(number), cardBehaviour: behaviour, smsAttempts: 0, notice: undefined },
        ["card"],
      );
    }
    redirect(res, sessionPath(session));
  }

  async function submitCode(req: IncomingMessage, res: ServerResponse, session: CheckoutSession): Promise<void> {
    const form = await readForm(req);
    if (session.status !== "sms") return redirect(res, sessionPath(session));
    const code = (form.get("code") ?? "").trim();
    if (code === TEST_SMS_CODE) {
      // Only one submit starts the payment, however often the button is pressed.
      if (records.updateSession(session.id, { status: "processing", notice: undefined }, ["sms"])) {
        runInBackground(runPayment(flow, records.getSession(session.id)!), session.id);
      }
    } else {
      const attempts = session.smsAttempts + 1;
      if (attempts >= MAX_SMS_ATTEMPTS) {
        records.updateSession(session.id, { status: "failed", smsAttempts: attempts, notice: undefined, failure: { kind: "card", behaviour: "too_many_codes" } }, ["sms"]);
      } else {
        records.updateSession(session.id, { smsAttempts: attempts, notice: { key: "code.wrong", params: { left: MAX_SMS_ATTEMPTS - attempts } } }, ["sms"]);
      }
    }
    redirect(res, sessionPath(session));
  }

  async function retry(req: IncomingMessage, res: ServerResponse, session: CheckoutSession): Promise<void> {
    await readForm(req);
    if (session.status === "failed" && session.failure?.kind === "card") {
      records.updateSession(
        session.id,
        { status: "card", failure: undefined, notice: undefined, cardMask: undefined, cardBehaviour: undefined, smsAttempts: 0, transactionId: undefined },
        ["failed"],
      );
    }
    redirect(res, sessionPath(session));
  }

  function showCabinet(res: ServerResponse, message?: string): void {
    const current = target();
    sendHtml(
      res,
      200,
      cabinetPage({
        endpoint: current.endpoint,
        merchantId: current.merchantId,
        login: current.login,
        keyHint: current.key.length > 4 ? `…${current.key.slice(-4)}` : "****",
        source: context.config.paymeCredentialsFrom === "environment" ? "the environment" : "APP_SECRET (derived, as the store does)",
        faults: records.faults(),
        transactions: records.listTransactions(),
        calls: records.listCalls(),
        message,
      }),
    );
  }

  /** The statement export, like Payme's cabinet: Tashkent days `from`..`to` inclusive (default today). */
  function sendStatement(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!hasSandboxToken(req, context.config.token)) {
      sendHtml(res, 401, cabinetSignInPage("Payme sandbox", "/payme/cabinet"));
      return;
    }
    const today = new Date(now() + 5 * 3_600_000).toISOString().slice(0, 10);
    const from = tashkentDayStart(url.searchParams.get("from") || today);
    const to = tashkentDayStart(url.searchParams.get("to") || today);
    if (from === null || to === null || to < from) {
      sendHtml(res, 400, cabinetSignInPage("Payme sandbox", "/payme/cabinet", "The statement's period is two days as YYYY-MM-DD, from ≤ to."));
      return;
    }
    const body = statementCsv(records.transactionsBetween(from, to + 86_400_000));
    res.writeHead(200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="payme-statement-${url.searchParams.get("from") || today}-${url.searchParams.get("to") || today}.csv"`,
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(body);
  }

  async function cabinetAction(req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
    const form = await readForm(req);
    let message = "";
    if (action === "faults") {
      records.setFaults(
        faultsSchema.parse({
          loseNext: Number(form.get("loseNext") || 0),
          delayMs: Number(form.get("delayMs") || 0),
          duplicate: form.get("duplicate") === "1",
        }),
      );
      message = "Fault injection updated.";
    } else {
      const match = /^transactions\/([0-9a-f]{24})\/(refund|cancel|check)$/.exec(action);
      const tx = match ? records.getTransaction(match[1]!) : undefined;
      if (!match || !tx) {
        message = "No such transaction.";
      } else if (match[2] === "check") {
        const { outcome } = await client.call("CheckTransaction", { id: tx.id }, { sessionId: tx.sessionId, transactionId: tx.id });
        if (outcome.kind === "result") applyResult(records, tx.id, outcome.result);
        message = `CheckTransaction ${tx.id}: ${JSON.stringify(outcome.kind === "result" ? outcome.result : outcome.kind === "error" ? outcome.error : outcome)}`;
      } else {
        const reason = match[2] === "refund" ? CancelReason.refund : CancelReason.executionError;
        const outcome = await cancelTransaction(flow, tx.id, reason, { sessionId: tx.sessionId });
        message = `CancelTransaction ${tx.id} (reason ${reason}): ${JSON.stringify(outcome.kind === "result" ? outcome.result : outcome.kind === "error" ? outcome.error : outcome)}`;
      }
    }
    redirect(res, `/payme/cabinet?message=${encodeURIComponent(message)}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path !== "/payme" && !path.startsWith("/payme/")) return false;
    const rest = path.slice("/payme/".length);
    const first = rest.split("/")[0] ?? "";
    const method = req.method ?? "GET";

    if (rest === "" || path === "/payme") {
      if (method !== "POST") return false;
      const form = await readForm(req);
      await openCheck(req, res, () => parseCheckoutForm(form), form.get("lang"));
      return true;
    }
    if (first === "cabinet") {
      // The cabinet shows the store's answers and changes the emulator: the sandbox token only,
      // and changes from the sandbox's own page only (the gate every cabinet has, ../cabinet-gate.ts).
      if (await gateCabinet(req, res, { path, cabinetPath: "/payme/cabinet", title: "Payme sandbox", token: context.config.token })) return true;
      if (rest === "cabinet" && method === "GET") showCabinet(res, url.searchParams.get("message") ?? undefined);
      else if (rest === "cabinet/statement" && method === "GET") sendStatement(req, res, url);
      else if (method === "POST" && rest.startsWith("cabinet/")) await cabinetAction(req, res, rest.slice("cabinet/".length));
      else return false;
      return true;
    }
    if (first === "checkout") {
      const [, id, step] = rest.split("/");
      const session = id && /^[0-9a-f]{32}$/.test(id) ? records.getSession(id) : undefined;
      const lang = localeSchema.safeParse(url.searchParams.get("lang")).data;
      if (!session) {
        sendHtml(res, 404, sessionGonePage(lang ?? "ru"));
        return true;
      }
      if (method === "GET" && step === undefined) {
        if (lang && lang !== session.lang) records.updateSession(session.id, { lang });
        if (session.status === "processing") await settledOrTimeout(session.id);
        sendHtml(res, 200, sessionPage(records.getSession(session.id)!));
      } else if (method === "POST" && step === "card") await submitCard(req, res, session);
      else if (method === "POST" && step === "verify") await submitCode(req, res, session);
      else if (method === "POST" && step === "retry") await retry(req, res, session);
      else return false;
      return true;
    }
    if (RESERVED.has(first)) return false;
    if (method !== "GET" && method !== "HEAD") return false;
    await openCheck(req, res, () => parseCheckoutLink(rest), null);
    return true;
  }

  return {
    name: "payme-checkout",
    links: [{ href: "/payme/cabinet", label: "Payme — hosted checkout: merchant cabinet (transactions, refunds, fault injection)" }],
    handle,
    async close() {
      // Payments in flight finish their current call; do not hold the shutdown for the slow card.
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
