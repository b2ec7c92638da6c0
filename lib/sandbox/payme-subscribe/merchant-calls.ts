/**
 * The emulator's calls to the store's Merchant API (`POST <store>/api/payme`), as Payme makes
 * them for a cashbox with billing: JSON-RPC, `Authorization: Basic base64(Paycom:<test key>)`,
 * and Create/Perform/Cancel repeated when no answer comes (the store must answer a repeat with
 * the same result).
 */
export type MerchantAnswer =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: number; message: unknown; data?: unknown }
  /** No usable answer after the retries (Payme: merchant service unavailable / misbehaving). */
  | { ok: false; unreachable: true; code: -31622 | -31623 };

export type MerchantCaller = (method: string, params: Record<string, unknown>) => Promise<MerchantAnswer>;

export function createMerchantCaller(options: {
  url: () => string;
  login: string;
  key: () => string;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
  log: (message: string) => void;
}): MerchantCaller {
  let nextId = 1;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 300;

  async function once(method: string, params: Record<string, unknown>): Promise<MerchantAnswer | "retry"> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await (options.fetch ?? fetch)(options.url(), {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=UTF-8",
          Authorization: `Basic ${Buffer.from(`${options.login}:${options.key()}`).toString("base64")}`,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status !== 200) return "retry";
      let body: { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { ok: false, unreachable: true, code: -31623 };
      }
      if (body.error && typeof body.error.code === "number") {
        return { ok: false, code: body.error.code, message: body.error.message, data: body.error.data };
      }
      if (body.result && typeof body.result === "object") return { ok: true, result: body.result as Record<string, unknown> };
      return { ok: false, unreachable: true, code: -31623 };
    } catch {
      return "retry";
    } finally {
      clearTimeout(timer);
    }
  }

  return async (method, params) => {
    for (let attempt = 0; ; attempt += 1) {
      const answer = await once(method, params);
      if (answer !== "retry") {
        options.log(`Merchant API ${method} → ${answer.ok ? "ok" : `error ${answer.code}`}`);
        return answer;
      }
      if (attempt >= retries) {
        options.log(`Merchant API ${method}: the store did not answer`);
        return { ok: false, unreachable: true, code: -31622 };
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * (attempt + 1)));
    }
  };
}
