import { db, sql } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http";
import { maskContact } from "@/lib/http/public-contact";
import { getOrderView } from "@/lib/orders/order-view";
import { confirmationView } from "@/lib/payments/confirmation";
import { lastFailureView } from "@/lib/payments/last-failure";
import { fiscalReceiptsLoader } from "@/lib/payments/registry";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    const order = await getOrderView(db(), id, Date.now(), fiscalReceiptsLoader(sql()));
    if (!order) throw new AppError("NOT_FOUND", "No order with this id.");
    // Whoever has the link sees the buyer's contact masked (the admin shows it in full).
    const confirmation = await confirmationView(sql(), order);
    return json({ ...order, customer: maskContact(order.customer), confirmation, lastFailure: await lastFailureView(sql(), order, confirmation) });
  } catch (error) {
    return errorResponse(error);
  }
}
