import type { ClickCallRecord, ClickFaults } from "./records";
import { readShopAnswer, shopSignString, tiyinToSum, type ShopEndpoint } from "./wire";

type ClickEndpoint = ShopEndpoint;

/**
 * Click's side of the SHOP API: signed, form-encoded Prepare and Complete POSTed to the store
 * over real HTTP, the way Click sends them — `sign_time` in Tashkent time, the same callback
 * repeated when no answer arrives — plus the faults QA switches on in the cabinet.
 */

export type ShopAnswer = {
  click_trans_id: bigint;
  merchant_trans_id: string;
  merchant_prepare_id?: string | null;
  merchant_confirm_id?: string | null;
  error: number;
  error_note: string;
};

export type ShopOutcome = { kind: "answer"; answer: ShopAnswer } | { kind: "unreachable"; detail: string };

export type ShopCallback = {
  endpoint: ClickEndpoint;
  clickTransId: string;
  clickPaydocId: string;
  serviceId: string;
  merchantTransId: string;
  merchantPrepareId?: string;
  /** Tiyin. */
  amount: bigint;
  /** Click's status: 0, or ≤ -1 when the payment failed (Complete only). */
  error: number;
  errorNote: string;
};

export type ShopApiClientDeps = {
  /** Read on every call: the cabinet may change them. */
  target: () => { storeUrl: string; secretKey: string };
  faults: () => ClickFaults;
  takeLostAnswer: () => boolean;
  record: (call: Omit<ClickCallRecord, "id">) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Per HTTP attempt; default 15 000 ms. */
  timeoutMs?: number;
  /** Attempts while the store gives no usable answer; default 3. */
  attempts?: number;
  /** Between attempts; default 1 000 ms. */
  retryDelayMs?: number;
};

/** `YYYY-MM-DD HH:mm:ss` in Tashkent (UTC+5, no daylight saving), as Click signs it. */
export function tashkentSignTime(ms: number): string {
  return new Date(ms + 5 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** The amount as Click writes it: `15000.00`, or `15000` in the "whole" style when there are no tiyin. */
export function clickAmountText(tiyin: bigint, style: ClickFaults["amountStyle"]): string {
  const text = tiyinToSum(tiyin);
  return style === "whole" && text.endsWith(".00") ? text.slice(0, -3) : text;
}

/** The callback's form fields, signed over exactly these strings. */
export function callbackFields(callback: ShopCallback, secretKey: string, signTime: string, amountStyle: ClickFaults["amountStyle"]): Record<string, string> {
  const fields: Record<string, string> = {
    click_trans_id: callback.clickTransId,
    service_id: callback.serviceId,
    click_paydoc_id: callback.clickPaydocId,
    merchant_trans_id: callback.merchantTransId,
    ...(callback.endpoint === "complete" ? { merchant_prepare_id: callback.merchantPrepareId ?? "" } : {}),
    amount: clickAmountText(callback.amount, amountStyle),
    action: callback.endpoint === "prepare" ? "0" : "1",
    error: String(callback.error),
    error_note: callback.errorNote,
    sign_time: signTime,
  };
  fields.sign_string = shopSignString(
    {
      click_trans_id: fields.click_trans_id!,
      service_id: fields.service_id!,
      merchant_trans_id: fields.merchant_trans_id!,
      merchant_prepare_id: fields.merchant_prepare_id,
      amount: fields.amount!,
      action: fields.action!,
      sign_time: fields.sign_time!,
    },
    secretKey,
  );
  return fields;
}

function sameAnswer(a: ShopOutcome, b: ShopOutcome): boolean {
  if (a.kind !== "answer" || b.kind !== "answer") return a.kind === b.kind;
  const x = a.answer;
  const y = b.answer;
  return (
    x.error === y.error &&
    x.click_trans_id === y.click_trans_id &&
    (x.merchant_prepare_id ?? null) === (y.merchant_prepare_id ?? null) &&
    (x.merchant_confirm_id ?? null) === (y.merchant_confirm_id ?? null)
  );
}

export type ShopApiClient = ReturnType<typeof createShopApiClient>;

export function createShopApiClient(deps: ShopApiClientDeps) {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const attempts = deps.attempts ?? 3;

  /** One HTTP exchange, recorded in the call log. A usable answer is HTTP 200 with the endpoint's JSON. */
  async function exchange(callback: ShopCallback, body: string, paymentId: number | undefined, note?: string): Promise<ShopOutcome> {
    const { storeUrl } = deps.target();
    const started = now();
    let outcome: ShopOutcome;
    let responseText: string | undefined;
    try {
      const response = await doFetch(`${storeUrl.replace(/\/+$/, "")}/api/click/${callback.endpoint}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
        redirect: "manual",
      });
      responseText = await response.text();
      outcome = interpret(callback.endpoint, response.status, responseText);
    } catch (error) {
      responseText = `(no answer: ${error instanceof Error ? error.message : String(error)})`;
      outcome = { kind: "unreachable", detail: "the store did not answer" };
    }
    deps.record({ at: started, paymentId, kind: callback.endpoint, request: body, response: responseText, note, durationMs: now() - started });
    return outcome;
  }

  /** Repeats the callback while there is no usable answer, as Click does. */
  async function send(callback: ShopCallback, body: string, paymentId: number | undefined, note?: string): Promise<ShopOutcome> {
    for (let attempt = 1; ; attempt++) {
      const label = attempt > 1 ? [note, `retry ${attempt}/${attempts}`].filter(Boolean).join("; ") : note;
      const outcome = await exchange(callback, body, paymentId, label);
      if (outcome.kind === "answer" || attempt >= attempts) return outcome;
      await sleep(deps.retryDelayMs ?? 1_000);
    }
  }

  return {
    /**
     * One callback with the configured faults applied. The body is built once: a repeat is
     * byte-for-byte the same callback (same sign_time and signature), as Click repeats it.
     * `warnings` lists repeats the store answered differently (it broke idempotency).
     */
    async call(callback: ShopCallback, paymentId?: number): Promise<{ outcome: ShopOutcome; warnings: string[] }> {
      const faults = deps.faults();
      const { secretKey } = deps.target();
      const body = new URLSearchParams(callbackFields(callback, secretKey, tashkentSignTime(now()), faults.amountStyle)).toString();
      const warnings: string[] = [];
      if (faults.delayMs > 0) await sleep(faults.delayMs);
      let outcome: ShopOutcome;
      if (faults.duplicate) {
        const [first, second] = await Promise.all([
          send(callback, body, paymentId, "duplicate 1/2 (fault injection)"),
          send(callback, body, paymentId, "duplicate 2/2 (fault injection)"),
        ]);
        if (!sameAnswer(first, second)) warnings.push(`${callback.endpoint}: two simultaneous identical callbacks were answered differently`);
        outcome = first.kind === "answer" ? first : second;
      } else {
        outcome = await send(callback, body, paymentId);
      }
      if (outcome.kind === "answer" && deps.takeLostAnswer()) {
        // The answer "got lost": Click never saw it and sends the same callback again.
        const again = await send(callback, body, paymentId, "previous answer lost (fault injection): the same callback repeated");
        if (!sameAnswer(outcome, again)) warnings.push(`${callback.endpoint}: the repeated callback was answered differently from the lost answer`);
        outcome = again;
      }
      return { outcome, warnings };
    },
  };
}

function interpret(endpoint: ClickEndpoint, status: number, text: string): ShopOutcome {
  if (status !== 200) return { kind: "unreachable", detail: `HTTP ${status}` };
  const answer = readShopAnswer(endpoint, text);
  if (!answer) return { kind: "unreachable", detail: `the answer is not Click's ${endpoint} answer (JSON)` };
  return { kind: "answer", answer };
}
