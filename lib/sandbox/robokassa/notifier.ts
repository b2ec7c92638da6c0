import type { RobokassaSandboxCredentials } from "./credentials";
import type { Invoice, RobokassaRecords } from "./records";
import { resultBase, signUpper, sixDecimals, successBase } from "./wire";

export { sixDecimals };

/**
 * ResultURL notifications as Robokassa sends them: a POST form with OutSum in six decimals,
 * the signature in upper case, the shop's Shp_ parameters echoed, repeated until the store
 * answers exactly `OK{InvId}`. And the shopper's redirects to SuccessURL and FailURL.
 */

// The module refuses to start without the algorithm (see index.ts), so signing cannot fail.
const upperSignature = (credentials: RobokassaSandboxCredentials, base: string) => signUpper(credentials.hash, base);

/** The form fields of a notification; `forged` signs with a wrong password (fault injection). */
export function notificationFields(invoice: Invoice, credentials: RobokassaSandboxCredentials, forged = false): Record<string, string> {
  const outSum = sixDecimals(invoice.outSum);
  const password2 = forged ? `${credentials.password2}-forged` : credentials.password2;
  const fields: Record<string, string> = {
    OutSum: outSum,
    InvId: invoice.invId,
    // Robokassa's commission, for the admin only (3.9 %, rounded down).
    Fee: sixDecimals((invoice.outSum * 39n) / 1000n),
    EMail: invoice.email ?? "",
    SignatureValue: upperSignature(credentials, resultBase(outSum, invoice.invId, password2, invoice.shp)),
    PaymentMethod: "BankCard",
    IncCurrLabel: "BankCardPSR",
  };
  if (invoice.isTest) fields.IsTest = "1";
  return { ...fields, ...invoice.shp };
}

/** SuccessURL's query: hash(OutSum:InvId:Password1[:Shp_…]) in upper case. */
export function successQuery(invoice: Invoice, credentials: RobokassaSandboxCredentials): URLSearchParams {
  const outSum = sixDecimals(invoice.outSum);
  const query = new URLSearchParams({
    OutSum: outSum,
    InvId: invoice.invId,
    SignatureValue: upperSignature(credentials, successBase(outSum, invoice.invId, credentials.password1, invoice.shp)),
    Culture: invoice.culture,
  });
  if (invoice.isTest) query.set("IsTest", "1");
  for (const [name, value] of Object.entries(invoice.shp)) query.set(name, value);
  return query;
}

/** FailURL's query (unsigned, as Robokassa sends it). */
export function failQuery(invoice: Invoice): URLSearchParams {
  const query = new URLSearchParams({ OutSum: sixDecimals(invoice.outSum), InvId: invoice.invId, Culture: invoice.culture });
  if (invoice.isTest) query.set("IsTest", "1");
  for (const [name, value] of Object.entries(invoice.shp)) query.set(name, value);
  return query;
}

export type NotifierDeps = {
  records: RobokassaRecords;
  credentials: () => RobokassaSandboxCredentials;
  resultUrl: () => string;
  fetch?: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** First pause between deliveries; doubles each time. */
  retryDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  log: (message: string) => void;
  /** True once the sandbox is closing: retries stop instead of holding the shutdown. */
  stopped: () => boolean;
};

type Delivery = { status: number | null; answer: string; accepted: boolean };

async function deliver(deps: NotifierDeps, invoice: Invoice, fields: Record<string, string>): Promise<Delivery> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs);
  try {
    const response = await (deps.fetch ?? fetch)(deps.resultUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      signal: controller.signal,
      redirect: "manual",
    });
    const answer = (await response.text()).slice(0, 200);
    // Robokassa wants exactly this text; anything else (another status, "ok", whitespace) is a failure.
    return { status: response.status, answer, accepted: response.status === 200 && answer === `OK${invoice.invId}` };
  } catch (error) {
    return { status: null, answer: controller.signal.aborted ? "timeout" : `network: ${error instanceof Error ? error.message : String(error)}`, accepted: false };
  } finally {
    clearTimeout(timer);
  }
}

/** One delivery of the genuine notification, recorded; true when the store took it. */
async function deliverGenuine(deps: NotifierDeps, invoice: Invoice): Promise<boolean> {
  const result = await deliver(deps, invoice, notificationFields(invoice, deps.credentials()));
  const lost = result.accepted && deps.records.takeLostAnswer();
  deps.records.recordNotification({
    invId: invoice.invId,
    at: deps.now(),
    kind: "genuine",
    status: result.status,
    answer: lost ? `${result.answer} (answer lost by fault injection)` : result.answer,
    accepted: result.accepted && !lost,
  });
  if (!result.accepted || lost) return false;
  deps.records.markNotified(invoice.invId);
  if (deps.records.faults().repeat) {
    const repeat = await deliver(deps, invoice, notificationFields(invoice, deps.credentials()));
    deps.records.recordNotification({ invId: invoice.invId, at: deps.now(), kind: "repeat", ...repeat });
  }
  return true;
}

/**
 * Notifies the store of a paid invoice. The first delivery is awaited (the shopper is
 * redirected after it, as on Robokassa's page); the returned `retries` promise repeats it with
 * growing pauses until the store answers `OK{InvId}` or `maxAttempts` deliveries were made.
 */
export async function notifyPaid(deps: NotifierDeps, invoice: Invoice): Promise<{ accepted: boolean; retries: Promise<void> }> {
  if (deps.records.faults().forge) {
    const forged = await deliver(deps, invoice, notificationFields(invoice, deps.credentials(), true));
    deps.records.recordNotification({ invId: invoice.invId, at: deps.now(), kind: "forged", ...forged });
    if (forged.accepted) deps.log(`robokassa: the store ACCEPTED a forged notification for InvId ${invoice.invId}`);
  }
  if (await deliverGenuine(deps, invoice)) return { accepted: true, retries: Promise.resolve() };
  const retries = (async () => {
    for (let attempt = 2; attempt <= deps.maxAttempts; attempt += 1) {
      await deps.sleep(deps.retryDelayMs * 2 ** (attempt - 2));
      if (deps.stopped()) return;
      if (await deliverGenuine(deps, invoice)) return;
    }
    deps.log(`robokassa: the store never answered OK${invoice.invId} (${deps.maxAttempts} notifications)`);
  })();
  return { accepted: false, retries };
}
