import { db } from "@/lib/db";
import { errorResponse, json, readJson } from "@/lib/http";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { getOrderView } from "@/lib/orders/order-view";
import { defaultRateSource } from "@/lib/money";

export async function POST(request: Request) {
  try {
    const input = parseCreateOrderRequest(await readJson(request));
    const order = await createOrder(db(), input, { getRate: (currency) => defaultRateSource.getRate(currency) });
    return json(await getOrderView(db(), order.id), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
