import { db, sql } from "@/lib/db";
import { env, publicUrlGiven } from "@/lib/env";
import { errorResponse, json, readJson } from "@/lib/http";
import { requestOriginFromHeaders } from "@/lib/http/request-origin";
import { loadTrustedProxies } from "@/lib/http/trusted-proxies";
import { createPaymentRequest } from "@/lib/payments/payment-request";

export const dynamic = "force-dynamic";

/** How to pay the order on a provider's hosted page: `{provider, url, form}`; 409 when not payable. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    const body = await readJson(request);
    const config = env();
    const origin = requestOriginFromHeaders(request.headers, {
      publicUrl: config.PUBLIC_URL,
      publicUrlGiven: publicUrlGiven(),
      bindHost: config.HOST,
      trustedProxies: await loadTrustedProxies(sql()),
    });
    return json(await createPaymentRequest({ db: db(), sql: sql(), env: config, origin }, id, body));
  } catch (error) {
    return errorResponse(error);
  }
}
