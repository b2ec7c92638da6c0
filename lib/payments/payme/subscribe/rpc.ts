import { SubscribeError, transportErrorCodes } from "./errors";
import { rpcFailure, rpcSuccess, subscribeMethods, type SubscribeMethod, type SubscribeParams, type SubscribeResult } from "./schemas";

/**
 * One JSON-RPC 2.0 call to the Subscribe endpoint over `fetch` (the browser's, or Node's). Safe in
 * the browser: no Node imports. Retries are the callers' business (server-client.ts): only they
 * know whether repeating a method is safe.
 */
export type SubscribeTransport = {
  /** The full JSON-RPC endpoint, e.g. `https://checkout.paycom.uz/api`. */
  endpoint: string;
  /** `X-Auth`: `{id}` from the browser, `{id}:{key}` from the server. */
  auth: string;
  /** Abort after this long (ms). */
  timeoutMs: number;
  fetch?: typeof fetch;
};

export const DEFAULT_TIMEOUT_MS = 15_000;

let nextRequestId = Math.floor(Math.random() * 1_000_000);

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === "AbortError" || (error as { name?: string } | null)?.name === "TimeoutError";
}

export async function callSubscribe<M extends SubscribeMethod>(
  transport: SubscribeTransport,
  method: M,
  params: SubscribeParams<M>,
  options: { timeoutMs?: number } = {},
): Promise<SubscribeResult<M>> {
  const spec = subscribeMethods[method];
  const checked = spec.params.safeParse(params);
  if (!checked.success) {
    throw new SubscribeError({
      code: transportErrorCodes.params,
      method,
      kind: "params",
      data: checked.error.issues.map((issue) => issue.path.map(String).join(".") || "params"),
    });
  }
  nextRequestId = (nextRequestId % 2_000_000_000) + 1;
  const id = nextRequestId;
  const body = JSON.stringify({ jsonrpc: "2.0", id, method, params: checked.data });

  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? transport.timeoutMs;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text: string;
  let status: number;
  try {
    const response = await (transport.fetch ?? fetch)(transport.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Auth": transport.auth },
      body,
      signal: controller.signal,
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new SubscribeError({
      code: isAbort(error) ? transportErrorCodes.timeout : transportErrorCodes.network,
      method,
      kind: isAbort(error) ? "timeout" : "network",
      data: isAbort(error) ? { timeoutMs } : undefined,
    });
  } finally {
    clearTimeout(timer);
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A proxy's HTML page, an empty 502…: no JSON-RPC answer. A 5xx means the request may not
    // have been processed; treat it like a network failure so mutations are checked first.
    const serverSide = status >= 500;
    throw new SubscribeError({
      code: serverSide ? transportErrorCodes.network : transportErrorCodes.protocol,
      method,
      kind: serverSide ? "network" : "protocol",
      data: { status },
    });
  }
  const failure = rpcFailure.safeParse(json);
  if (failure.success) {
    const { code, message, data } = failure.data.error;
    throw new SubscribeError({ code, method, data, kind: "rpc", providerMessage: message });
  }
  const success = rpcSuccess.safeParse(json);
  if (!success.success) {
    throw new SubscribeError({ code: transportErrorCodes.protocol, method, kind: "protocol", data: { status } });
  }
  const result = spec.result.safeParse(success.data.result);
  if (!result.success) {
    throw new SubscribeError({
      code: transportErrorCodes.protocol,
      method,
      kind: "protocol",
      data: result.error.issues.slice(0, 5).map((issue) => issue.path.map(String).join(".") || "result"),
    });
  }
  return result.data as SubscribeResult<M>;
}
