import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http";
import { getOrderView } from "@/lib/orders/order-view";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await context.params;
    const order = await getOrderView(db(), id);
    if (!order) throw new AppError("NOT_FOUND", "No order with this id.");
    return json(order);
  } catch (error) {
    return errorResponse(error);
  }
}
