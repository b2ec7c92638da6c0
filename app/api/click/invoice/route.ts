import { sql } from "@/lib/db";
import { errorResponse, json, readJson } from "@/lib/http";
import { createClickPhoneInvoice, payByPhoneHttpStatus } from "@/lib/payments/click/pay-by-phone";
import { clickPayByPhoneDeps } from "@/lib/payments/click/store-entry";

export const dynamic = "force-dynamic";

/**
 * Pay by phone: `POST {orderId}` sends a Click invoice to the order's own phone (lib/payments/click/pay-by-phone.ts).
 * 200 `{ok: true, invoice, phone, expiresAt}`; otherwise `{ok: false, reason, …}` with 400/404/409/429/502/503.
 */
export async function POST(request: Request) {
  try {
    const outcome = await createClickPhoneInvoice(clickPayByPhoneDeps(sql()), await readJson(request, 1024));
    const response = json(outcome, outcome.ok ? 200 : payByPhoneHttpStatus(outcome));
    if (!outcome.ok && outcome.reason === "too_soon") response.headers.set("retry-after", String(outcome.retryAfterSeconds));
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}
