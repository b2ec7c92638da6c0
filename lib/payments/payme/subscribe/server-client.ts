import { traceProviderCallOut } from "../../../log/events";
import { SubscribeError } from "./errors";
import { callSubscribe, DEFAULT_TIMEOUT_MS, type SubscribeTransport } from "./rpc";
import { ReceiptState, type Receipt, type SubscribeMethod, type SubscribeParams, type SubscribeResult } from "./schemas";

/**
 * The server's Subscribe client (`X-Auth: {id}:{key}`). Import it through `./server` from
 * Next.js code (that entry is marked `server-only`); this file itself has no such import so that
 * vitest and the plain-Node custom server (server.ts, the receipt polls) can load it.
 *
 * Retries are safe by construction:
 * - idempotent reads (cards.check, receipts.check/get/get_all) are repeated on timeouts and
 *   network errors;
 * - receipts.pay, receipts.confirm_hold and receipts.cancel are never repeated blindly: after a
 *   timeout or network error the receipt is checked first, and the call is repeated only while
 *   the receipt is still in the state the call starts from (it did not take effect). Otherwise
 *   the receipt as Payme has it now is returned;
 * - receipts.create, receipts.send and the card methods are not repeated (each creates something).
 */
export type SubscribeClientOptions = {
  endpoint: string;
  /** Cashbox id. */
  merchantId: string;
  /** Cashbox key of the current mode (the test key outside live mode). */
  key: string;
  timeoutMs?: number;
  /** receipts.pay and confirm_hold wait on the card's processing (the slow test card takes 10 s). */
  payTimeoutMs?: number;
  /** How often a read is repeated after a timeout or network error. */
  readRetries?: number;
  /** How often a mutation is repeated after its receipt was found untouched. */
  mutationRetries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
};

export const DEFAULT_PAY_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSubscribeClient(options: SubscribeClientOptions) {
  const transport: SubscribeTransport = {
    endpoint: options.endpoint,
    auth: `${options.merchantId}:${options.key}`,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: options.fetch,
  };
  const payTimeoutMs = options.payTimeoutMs ?? DEFAULT_PAY_TIMEOUT_MS;
  const readRetries = options.readRetries ?? 2;
  const mutationRetries = options.mutationRetries ?? 1;
  const retryDelayMs = options.retryDelayMs ?? 250;

  // Each call to Payme is one line of the log (lib/log/events.ts): the method and how it ended, never its params.
  const call = <M extends SubscribeMethod>(method: M, params: SubscribeParams<M>, timeoutMs?: number) =>
    traceProviderCallOut(
      { provider: "payme", method },
      () => callSubscribe(transport, method, params, { timeoutMs }),
      () => "ok",
      (error) => (error instanceof SubscribeError ? `error:${error.code}` : "failed"),
    );

  /** An idempotent read, repeated with a growing pause while no answer comes. */
  async function read<M extends SubscribeMethod>(method: M, params: SubscribeParams<M>): Promise<SubscribeResult<M>> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call(method, params);
      } catch (error) {
        if (!(error instanceof SubscribeError) || !error.outcomeUnknown || attempt >= readRetries) throw error;
        await sleep(retryDelayMs * 2 ** attempt);
      }
    }
  }

  /**
   * A receipt mutation that must not be repeated blindly. `untouched` are the states in which
   * the receipt shows the call did not take effect: only then is it sent again.
   */
  async function mutateReceipt(
    method: "receipts.pay" | "receipts.confirm_hold" | "receipts.cancel",
    params: SubscribeParams<typeof method>,
    untouched: readonly number[],
    timeoutMs: number,
  ): Promise<Receipt> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return (await call(method, params, timeoutMs)).receipt;
      } catch (error) {
        if (!(error instanceof SubscribeError) || !error.outcomeUnknown) throw error;
        let state: number;
        try {
          state = (await read("receipts.check", { id: params.id })).state;
        } catch {
          // Neither the call nor the check answered: the outcome stays unknown. The caller keeps
          // the receipt "in progress" and the polls settle it.
          throw error;
        }
        if (!untouched.includes(state)) return (await read("receipts.get", { id: params.id })).receipt;
        if (attempt >= mutationRetries) throw error;
      }
    }
  }

  return {
    cardsCheck: (token: string) => read("cards.check", { token }),
    cardsRemove: (token: string) => call("cards.remove", { token }),

    receiptsCreate: (params: SubscribeParams<"receipts.create">) => call("receipts.create", params),
    /** One attempt, no retry: use `payReceipt` unless you handle an unknown outcome yourself. */
    receiptsPay: (params: SubscribeParams<"receipts.pay">) => call("receipts.pay", params, payTimeoutMs),
    receiptsSend: (params: SubscribeParams<"receipts.send">) => call("receipts.send", params),
    /** One attempt, no retry: use `cancelReceipt`. */
    receiptsCancel: (id: string) => call("receipts.cancel", { id }),
    receiptsCheck: (id: string) => read("receipts.check", { id }),
    receiptsGet: (id: string) => read("receipts.get", { id }),
    receiptsGetAll: (params: SubscribeParams<"receipts.get_all">) => read("receipts.get_all", params),
    receiptsSetFiscalData: (params: SubscribeParams<"receipts.set_fiscal_data">) => call("receipts.set_fiscal_data", params),
    /** One attempt, no retry: use `confirmHold`. */
    receiptsConfirmHold: (id: string) => call("receipts.confirm_hold", { id }, payTimeoutMs),

    /** receipts.pay, repeated only if receipts.check shows the receipt still unpaid (state 0). */
    payReceipt: (params: SubscribeParams<"receipts.pay">) =>
      mutateReceipt("receipts.pay", params, [ReceiptState.created], payTimeoutMs),
    /** receipts.confirm_hold, repeated only while the receipt is still held (state 5). */
    confirmHold: (id: string) => mutateReceipt("receipts.confirm_hold", { id }, [ReceiptState.held], payTimeoutMs),
    /**
     * receipts.cancel, repeated only while the receipt is still in the state it had (`from`:
     * 0 unpaid, 4 paid, 5 held).
     */
    cancelReceipt: (id: string, from: number) => mutateReceipt("receipts.cancel", { id }, [from], transport.timeoutMs),
  };
}

export type SubscribeClient = ReturnType<typeof createSubscribeClient>;
