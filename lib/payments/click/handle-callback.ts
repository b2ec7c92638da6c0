import type { ClickAttempt, ClickEffect, ClickOrderSnapshot } from "./decide-callback";
import { decideComplete, decidePrepare } from "./decide-callback";
import { finishProviderCall, orderNumberOf, startProviderCall, type ProviderCallTrace } from "../../log/events";
import { clickErrorCodes, type ClickErrorCode } from "./errors";
import {
  completeAnswer,
  parseClickCallback,
  prepareAnswer,
  serializeClickAnswer,
  verifyClickCallback,
  type ClickAnswer,
  type ClickEndpoint,
} from "./schemas";

/**
 * One SHOP API callback from raw HTTP parts to the HTTP answer: parse (-8), verify (-1, -3,
 * -2), then decide under the order's lock through `ClickCallbackStore` — the seam where the
 * settlement core plugs in. Both the node:http fast path and a Next.js route can call this,
 * so the rules exist once. Never throws; an unexpected failure is answered -7.
 */

export type ClickCallbackSettings = {
  serviceId: string;
  secretKey: string | undefined;
  /** How long an uncompleted Prepare holds the order, ms (setting, default 30 min). */
  windowMs: number;
};

/** What the store reads under the lock, plus the id a new record would get. */
export type ClickCallbackState = { order: ClickOrderSnapshot | null; attempt: ClickAttempt | null; newId: string };

export type ClickCallbackStore = {
  /**
   * Under the lock of the order concerned, read the state for `key` (Prepare: the order
   * merchant_trans_id names; Complete: the attempt's order), call `decide` once, apply its
   * effect in the same transaction, and return its answer. A duplicate waiting on the lock
   * then reads the stored attempt and gets the stored answer.
   */
  decide<A extends ClickAnswer>(
    key: { endpoint: ClickEndpoint; merchantTransId: string; clickTransId: bigint },
    decide: (state: ClickCallbackState) => { answer: A; effect: ClickEffect },
  ): Promise<A>;
};

export type ClickCallbackDeps = {
  settings: () => Promise<ClickCallbackSettings>;
  store: ClickCallbackStore;
  now?: () => number;
  /** Unexpected failures are reported here, never to Click. */
  onError?: (error: unknown, endpoint: ClickEndpoint) => void;
};

export type ClickHttpRequest = {
  method: string;
  contentType: string | null | undefined;
  body: string;
  /** False when an address allowlist is on and the sender is not on it. */
  sourceAllowed?: boolean;
  /** The body was over the limit and not read (answered -8). */
  bodyTooLarge?: boolean;
};

/** `body` is JSON for Click, or empty for a refused sender (403: never a code Click would act on). */
export type ClickHttpResponse = { status: 200 | 403; contentType: string | undefined; body: string };

const JSON_TYPE = "application/json; charset=utf-8";

/** An answer to a request we could not read at all. */
export function unreadable(endpoint: ClickEndpoint, code: ClickErrorCode): ClickAnswer {
  const echo = { clickTransId: null, merchantTransId: null };
  return endpoint === "prepare" ? prepareAnswer(code, echo) : completeAnswer(code, echo);
}

/**
 * Answers one callback (below) with its log line and metrics (lib/log/events.ts): `prepare` or
 * `complete`, the order number, `ok` or `error:<Click's code>` (`refused:403` for a sender
 * off the allowlist), duration.
 */
export async function handleClickCallback(endpoint: ClickEndpoint, http: ClickHttpRequest, deps: ClickCallbackDeps): Promise<ClickHttpResponse> {
  const trace: ProviderCallTrace & { outcome?: string } = startProviderCall("click", endpoint);
  const response = await answerClickCallback(endpoint, http, deps, trace);
  finishProviderCall(trace, trace.outcome ?? (response.status === 200 ? "ok" : `refused:${response.status}`));
  return response;
}

async function answerClickCallback(
  endpoint: ClickEndpoint,
  http: ClickHttpRequest,
  deps: ClickCallbackDeps,
  trace: ProviderCallTrace & { outcome?: string },
): Promise<ClickHttpResponse> {
  if (http.sourceAllowed === false) return { status: 403, contentType: undefined, body: "" };
  const reply = (answer: ClickAnswer): ClickHttpResponse => {
    trace.outcome = answer.error === 0 ? "ok" : `error:${answer.error}`;
    return { status: 200, contentType: JSON_TYPE, body: serializeClickAnswer(answer) };
  };
  if (http.bodyTooLarge) return reply(unreadable(endpoint, clickErrorCodes.badRequest));

  const parsed = parseClickCallback(endpoint, http);
  if (!parsed.ok) return reply(parsed.answer);
  const request = parsed.request;
  trace.orderNumber = orderNumberOf(request.merchant_trans_id);
  trace.reference = String(request.click_trans_id);
  const echo = { clickTransId: request.click_trans_id, merchantTransId: request.merchant_trans_id };
  const refuse = (code: ClickErrorCode) => reply(endpoint === "prepare" ? prepareAnswer(code, echo) : completeAnswer(code, echo));

  try {
    const settings = await deps.settings();
    const verified = verifyClickCallback(endpoint, request, settings);
    if (!verified.ok) return refuse(verified.code);
    const key = { endpoint, merchantTransId: request.merchant_trans_id, clickTransId: request.click_trans_id };
    if ("merchant_prepare_id" in request) {
      const answer = await deps.store.decide(key, (state) =>
        decideComplete({ request, amount: verified.amount, attempt: state.attempt, order: state.order, newConfirmId: state.newId }),
      );
      return reply(answer);
    }
    const now = (deps.now ?? Date.now)();
    const answer = await deps.store.decide(key, (state) =>
      decidePrepare({ request, amount: verified.amount, order: state.order, attempt: state.attempt, newPrepareId: state.newId, now, windowMs: settings.windowMs }),
    );
    return reply(answer);
  } catch (error) {
    deps.onError?.(error, endpoint);
    return refuse(clickErrorCodes.failedToUpdate);
  }
}
