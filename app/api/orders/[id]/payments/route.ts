import { db, sql } from "@/lib/db";
import { env } from "@/lib/env";
import { errorResponse, json, readJson } from "@/lib/http";
import { createPaymentRequest } from "@/lib/payments/payment-request";

export const dynamic = "force-dynamic";

/** How to pay the order on a provider's hosted page: `{provider, url, form}`; 409 when not payable. */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    const body = await readJson(request);
    return json(await createPaymentRequest({ db: db(), sql: sql(), env: env() }, id, body));
  } catch (error) {
    return errorResponse(error);
  }
}
