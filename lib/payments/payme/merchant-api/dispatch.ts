import type { z } from "zod";
import type { SqlDatabase } from "../../../db/sql";
import type { PaymeSettings } from "../payme-settings";
import { activeKey } from "../payme-settings";
import { jsonDepthWithin } from "../../../http/json-shape";
import { finishProviderCall, orderNumberOf, startProviderCall, type ProviderCallTrace } from "../../../log/events";
import { clientIp, isAuthorized, isPaymeAddress } from "./auth";
import { PaymeError, paymeErrorCodes as codes } from "./errors";
import {
  cancelTransactionParams,
  changePasswordParams,
  checkPerformTransactionParams,
  checkTransactionParams,
  createTransactionParams,
  getStatementParams,
  paymeRequestEnvelope,
  performTransactionParams,
  setFiscalDataParams,
} from "./schemas";
import * as transactions from "./transactions";

export type MerchantRequest = {
  httpMethod: string;
  authorization: string | undefined;
  forwardedFor: string | undefined;
  remoteAddress: string | undefined;
  body: string;
};

export type MerchantDeps = {
  sql: SqlDatabase;
  settings: () => Promise<PaymeSettings>;
  /** ChangePassword: store the new key of the current mode (encrypted), audit it. */
  changeKey: (password: string) => Promise<void>;
  now?: () => number;
  /** The store-wide trusted proxies (lib/http/trusted-proxies.ts), for the IP allowlist. */
  trustedProxies?: () => Promise<string[]>;
  /** Unexpected failures are reported here (never to Payme). */
  onError?: (error: unknown, method: string) => void;
};

type RpcId = number | string | null;
export type MerchantResponse =
  | { jsonrpc: "2.0"; id: RpcId; result: unknown }
  | { jsonrpc: "2.0"; id: RpcId; error: { code: number; message: { ru: string; uz: string; en: string }; data?: unknown } };

function errorResponse(id: RpcId, error: PaymeError): MerchantResponse {
  return {
    jsonrpc: "2.0",
    id,
    error: { code: error.code, message: error.localized, ...(error.data === undefined ? {} : { data: error.data }) },
  };
}

function parseParams<S extends z.ZodType>(schema: S, params: unknown, code: number = codes.invalidRequest): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new PaymeError(code, parsed.error.issues[0]?.path.map(String).join(".") || undefined);
  return parsed.data;
}

/** The Merchant API's methods: the log's and the metrics' `method` (anything else is `unknown`). */
const METHODS = new Set([
  "CheckPerformTransaction",
  "CreateTransaction",
  "PerformTransaction",
  "CancelTransaction",
  "CheckTransaction",
  "GetStatement",
  "SetFiscalData",
  "ChangePassword",
]);

/**
 * One Merchant API call, from raw HTTP parts to the JSON-RPC answer (always sent with HTTP 200).
 * Both the node:http fast path and the Next.js route use this, so the rules exist once; so is
 * the call's log line and its metrics (lib/log/events.ts): method, order number, `ok` or
 * `error:<code>`, duration.
 */
export async function handleMerchantRequest(request: MerchantRequest, deps: MerchantDeps): Promise<MerchantResponse> {
  const trace = startProviderCall("payme", "invalid");
  const response = await answerMerchantRequest(request, deps, trace);
  finishProviderCall(trace, "error" in response ? `error:${response.error.code}` : "ok");
  return response;
}

async function answerMerchantRequest(request: MerchantRequest, deps: MerchantDeps, trace: ProviderCallTrace): Promise<MerchantResponse> {
  if (request.httpMethod !== "POST") return errorResponse(null, new PaymeError(codes.transportNotPost));
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return errorResponse(null, new PaymeError(codes.parseError));
  }
  const rawId = (body as { id?: unknown } | null)?.id;
  const id: RpcId = typeof rawId === "number" || typeof rawId === "string" ? rawId : null;
  const envelope = paymeRequestEnvelope.safeParse(body);
  if (!envelope.success) return errorResponse(id, new PaymeError(codes.invalidRequest));
  const { method, params } = envelope.data;
  trace.method = METHODS.has(method) ? method : "unknown";

  try {
    const settings = await deps.settings();
    if (!isAuthorized(request.authorization, settings.login, activeKey(settings))) throw new PaymeError(codes.unauthorized);
    if (settings.ipAllowlist) {
      // The store-wide trusted proxies (lib/http/trusted-proxies.ts), plus Payme's older own list.
      const trusted = [...((await deps.trustedProxies?.()) ?? []), ...settings.trustedProxies];
      if (!isPaymeAddress(clientIp(request.remoteAddress, request.forwardedFor, trusted))) throw new PaymeError(codes.unauthorized);
    }
    // Nesting is checked before the params are parsed: zod walks them recursively, and 30 000
    // levels overflow the stack (-32600, not -32400). After authorization, as every params check.
    if (!jsonDepthWithin(request.body)) throw new PaymeError(codes.invalidRequest);
    // The order named by the account (Check/Create); the others' comes from their transaction.
    const paymeId = (params as { id?: unknown } | undefined)?.id;
    if (typeof paymeId === "string" && paymeId.length <= 64) trace.reference = paymeId;
    trace.orderNumber = orderNumberOf((params as { account?: Record<string, unknown> } | undefined)?.account?.[settings.accountField]);
    const ctx: transactions.MerchantContext = { sql: deps.sql, accountField: settings.accountField, now: deps.now ?? Date.now, trace };
    const result = await dispatch(ctx, method, params, deps);
    return { jsonrpc: "2.0", id, result };
  } catch (error) {
    if (error instanceof PaymeError) return errorResponse(id, error);
    deps.onError?.(error, method);
    return errorResponse(id, new PaymeError(codes.internal));
  }
}

async function dispatch(ctx: transactions.MerchantContext, method: string, params: unknown, deps: MerchantDeps): Promise<unknown> {
  switch (method) {
    case "CheckPerformTransaction":
      return transactions.checkPerformTransaction(ctx, parseParams(checkPerformTransactionParams, params));
    case "CreateTransaction":
      return transactions.createTransaction(ctx, parseParams(createTransactionParams, params));
    case "PerformTransaction":
      return transactions.performTransaction(ctx, parseParams(performTransactionParams, params));
    case "CancelTransaction":
      return transactions.cancelTransaction(ctx, parseParams(cancelTransactionParams, params));
    case "CheckTransaction":
      return transactions.checkTransaction(ctx, parseParams(checkTransactionParams, params));
    case "GetStatement":
      return transactions.getStatement(ctx, parseParams(getStatementParams, params));
    case "SetFiscalData":
      return transactions.setFiscalData(ctx, parseParams(setFiscalDataParams, params, codes.invalidParams));
    case "ChangePassword": {
      const { password } = parseParams(changePasswordParams, params);
      await deps.changeKey(password);
      return { success: true };
    }
    default:
      throw new PaymeError(codes.methodNotFound, method);
  }
}
