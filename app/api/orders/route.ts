import { db, sql } from "@/lib/db";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { errorResponse, json, ordersPerAddress, rateLimitedError, readJson, requestLocale, takeRateSlot } from "@/lib/http";
import { loadTrustedProxies } from "@/lib/http/trusted-proxies";
import { createOrder, parseCreateOrderRequest } from "@/lib/orders/create-order";
import { getOrderView } from "@/lib/orders/order-view";
import { defaultRateSource } from "@/lib/money";

export async function POST(request: Request) {
  try {
    // At most 20 orders a minute from one client address, counted before the body is read.
    const perMinute = env().TOLOV_ORDERS_PER_MINUTE;
    if (perMinute > 0) {
      const address = clientAddress(request.headers, await loadTrustedProxies(sql()));
      const slot = await takeRateSlot(sql(), ordersPerAddress(perMinute), address || "unknown", Date.now());
      if (!slot.ok) throw rateLimitedError(slot, requestLocale(request.headers));
    }
    const input = parseCreateOrderRequest(await readJson(request));
    const order = await createOrder(db(), input, { getRate: (currency) => defaultRateSource.getRate(currency) });
    return json(await getOrderView(db(), order.id), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
