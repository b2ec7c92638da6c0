import { traceProviderCallOut } from "../../log/events";

/**
 * One HTTP call to Robokassa's APIs (OpStateExt, refunds) with a timeout, a size limit on the
 * answer and typed failures. No retries here: the callers know which calls are safe to repeat.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Robokassa's answers are a few hundred bytes; anything this large is not one. */
export const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * - `timeout`, `network`: no answer — a refund request's outcome is then unknown until checked;
 * - `http_status`: an answer other than 200 (Robokassa down, wrong URL, refused credentials);
 * - `protocol`: a 200 we cannot read (not the documented shape).
 */
export type RobokassaTransportFailure =
  | { ok: false; reason: "timeout" | "network" | "protocol"; message: string }
  | { ok: false; reason: "http_status"; status: number; message: string };

/** A configured URL that does not parse is reported like an unreachable service, never thrown. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function badUrl(text: string): RobokassaTransportFailure {
  return { ok: false, reason: "network", message: `not a URL: ${JSON.stringify(text)}` };
}

export type HttpOptions = {
  timeoutMs?: number;
  fetch?: typeof fetch;
};

async function readLimited(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The API method a URL names (`Refund/Create`, `Service.asmx/OpStateExt`), for the log: its path only, never its query. */
function methodOf(url: string): string {
  return (parseUrl(url)?.pathname ?? "").split("/").filter(Boolean).slice(-2).join("/") || "unknown";
}

/**
 * The answer's text when Robokassa answered 200; otherwise a typed failure. Each call is one
 * line of the log (lib/log/events.ts): the method and `ok` or `error:<reason>`.
 */
export function requestText(
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  options: HttpOptions = {},
): Promise<{ ok: true; text: string } | RobokassaTransportFailure> {
  return traceProviderCallOut({ provider: "robokassa", method: methodOf(url) }, () => requestTextOnce(url, init, options), (answer) =>
    answer.ok ? "ok" : `error:${answer.reason}`,
  );
}

async function requestTextOnce(
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  options: HttpOptions = {},
): Promise<{ ok: true; text: string } | RobokassaTransportFailure> {
  const parsed = parseUrl(url);
  if (!parsed) return badUrl(url);
  const where = parsed.origin + parsed.pathname;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: Response;
    try {
      // A redirect is not followed: it is reported as the HTTP status it is.
      response = await (options.fetch ?? fetch)(url, { ...init, signal: controller.signal, redirect: "manual" });
    } catch (error) {
      return controller.signal.aborted
        ? { ok: false, reason: "timeout", message: `no answer from ${where} within ${timeoutMs} ms` }
        : { ok: false, reason: "network", message: `cannot reach ${where}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, reason: "http_status", status: response.status, message: `${where} answered HTTP ${response.status}` };
    }
    let text: string | undefined;
    try {
      text = await readLimited(response);
    } catch {
      return controller.signal.aborted
        ? { ok: false, reason: "timeout", message: `no complete answer from ${where} within ${timeoutMs} ms` }
        : { ok: false, reason: "network", message: `the answer from ${where} broke off` };
    }
    if (text === undefined) return { ok: false, reason: "protocol", message: `${where} answered more than ${MAX_ANSWER_BYTES} bytes` };
    return { ok: true, text };
  } finally {
    clearTimeout(timer);
  }
}
