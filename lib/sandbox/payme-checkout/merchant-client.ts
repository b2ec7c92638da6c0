import type { CallRecord, Faults } from "./records";

/**
 * Payme's side of the Merchant API: JSON-RPC over real HTTP to the store's `/api/payme` with
 * Basic auth, the way Payme calls it — including what Payme does when an answer is lost
 * (it repeats the call) and the faults QA switches on in the cabinet.
 */
export type RpcError = { code: number; message?: unknown; data?: unknown };

export type CallOutcome =
  | { kind: "result"; result: Record<string, unknown> }
  | { kind: "error"; error: RpcError }
  /** No usable answer: -31622 the merchant is unreachable, -31623 it answered nonsense. */
  | { kind: "transport"; code: -31622 | -31623; detail: string };

export type CallContext = { sessionId?: string; transactionId?: string };

export type MerchantClientDeps = {
  /** Read on every call: the cabinet may change them. */
  target: () => { endpoint: string; login: string; key: string };
  faults: () => Faults;
  takeLostAnswer: () => boolean;
  record: (call: Omit<CallRecord, "id">) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Per HTTP attempt. */
  timeoutMs?: number;
  /** Attempts when the store cannot be reached at all. */
  attempts?: number;
  retryDelayMs?: number;
};

const MUTATING = new Set(["CreateTransaction", "PerformTransaction", "CancelTransaction"]);

/** Two answers are the same when their results (or error code and data) are equal field for field. */
export function sameAnswer(a: CallOutcome, b: CallOutcome): boolean {
  return canonicalJson(comparable(a)) === canonicalJson(comparable(b));
}

function comparable(outcome: CallOutcome): unknown {
  if (outcome.kind === "result") return { result: outcome.result };
  if (outcome.kind === "error") return { error: outcome.error.code, data: outcome.error.data ?? null };
  return { transport: outcome.code };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export type MerchantClient = ReturnType<typeof createMerchantClient>;

export function createMerchantClient(deps: MerchantClientDeps) {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = deps.now ?? Date.now;
  const attempts = deps.attempts ?? 3;
  let nextId = 1;

  /** One HTTP exchange, recorded in the call log. */
  async function exchange(method: string, params: Record<string, unknown>, context: CallContext, note?: string): Promise<CallOutcome | "unreachable"> {
    const { endpoint, login, key } = deps.target();
    const request = { jsonrpc: "2.0", id: nextId++, method, params };
    const body = JSON.stringify(request);
    const started = now();
    let outcome: CallOutcome | "unreachable";
    let responseText: string | undefined;
    try {
      const response = await doFetch(endpoint, {
        method: "POST",
        headers: {
          // Payme's own examples send this content type.
          "content-type": "text/json; charset=UTF-8",
          authorization: `Basic ${Buffer.from(`${login}:${key}`, "utf8").toString("base64")}`,
        },
        body,
        signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000),
      });
      responseText = await response.text();
      outcome = interpret(response.status, responseText);
    } catch (error) {
      responseText = `(no answer: ${error instanceof Error ? error.message : String(error)})`;
      outcome = "unreachable";
    }
    deps.record({
      at: started,
      sessionId: context.sessionId,
      transactionId: context.transactionId,
      method,
      request: body,
      response: responseText,
      note,
      durationMs: now() - started,
    });
    return outcome;
  }

  /** Repeats the call while the store cannot be reached, as Payme does, then gives up with -31622. */
  async function send(method: string, params: Record<string, unknown>, context: CallContext, note?: string): Promise<CallOutcome> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await exchange(method, params, context, attempt > 1 ? [note, `retry ${attempt}/${attempts}`].filter(Boolean).join("; ") : note);
      if (outcome !== "unreachable") return outcome;
      if (attempt >= attempts) return { kind: "transport", code: -31622, detail: "the store did not answer" };
      await sleep(deps.retryDelayMs ?? 1_000);
    }
  }

  return {
    /**
     * One Merchant API call with the configured faults applied. `warnings` lists every repeated
     * call whose answer differed from the first one (the store broke idempotency).
     */
    async call(method: string, params: Record<string, unknown>, context: CallContext = {}): Promise<{ outcome: CallOutcome; warnings: string[] }> {
      const faults = deps.faults();
      const warnings: string[] = [];
      if (faults.delayMs > 0) await sleep(faults.delayMs);
      let outcome: CallOutcome;
      if (faults.duplicate && MUTATING.has(method)) {
        const [first, second] = await Promise.all([
          send(method, params, context, "duplicate call 1/2 (fault injection)"),
          send(method, params, context, "duplicate call 2/2 (fault injection)"),
        ]);
        if (!sameAnswer(first, second)) warnings.push(`${method}: two simultaneous identical calls were answered differently`);
        outcome = first.kind === "transport" ? second : first;
      } else {
        outcome = await send(method, params, context);
      }
      if (outcome.kind !== "transport" && deps.takeLostAnswer()) {
        // The answer "got lost on the way": Payme never saw it and sends the same call again.
        const again = await send(method, params, context, "previous answer lost (fault injection): the same call repeated");
        if (!sameAnswer(outcome, again)) warnings.push(`${method}: the repeated call was answered differently from the lost answer`);
        outcome = again;
      }
      return { outcome, warnings };
    },
  };
}

/** Payme reads only HTTP 200 with a JSON-RPC body that has `result` or `error`. */
function interpret(status: number, text: string): CallOutcome {
  if (status !== 200) return { kind: "transport", code: -31623, detail: `HTTP ${status}` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: "transport", code: -31623, detail: "the answer is not JSON" };
  }
  const record = body as { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } } | null;
  if (record && typeof record === "object" && record.error && typeof record.error.code === "number") {
    return { kind: "error", error: { code: record.error.code, message: record.error.message, data: record.error.data } };
  }
  if (record && typeof record === "object" && record.result && typeof record.result === "object") {
    return { kind: "result", result: record.result as Record<string, unknown> };
  }
  return { kind: "transport", code: -31623, detail: "the answer has neither result nor error" };
}
