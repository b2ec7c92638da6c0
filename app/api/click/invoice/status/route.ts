import { sql } from "@/lib/db";
import { errorResponse, json } from "@/lib/http";
import { clickPhoneInvoiceStatus, payByPhoneHttpStatus } from "@/lib/payments/click/pay-by-phone";
import { clickPayByPhoneDeps } from "@/lib/payments/click/store-entry";

export const dynamic = "force-dynamic";

/** Pay by phone: `GET ?orderId=…&invoice=<handle>` → `{ok: true, state, orderPaid}` (lib/payments/click/pay-by-phone.ts). */
export async function GET(request: Request) {
  try {
    const params = new URL(request.url).searchParams;
    const outcome = await clickPhoneInvoiceStatus(clickPayByPhoneDeps(sql()), { orderId: params.get("orderId") ?? "", invoice: params.get("invoice") ?? "" });
    return json(outcome, outcome.ok ? 200 : payByPhoneHttpStatus(outcome));
  } catch (error) {
    return errorResponse(error);
  }
}
