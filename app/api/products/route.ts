import { db } from "@/lib/db";
import { errorResponse, json } from "@/lib/http";
import { listProducts } from "@/lib/orders/catalog";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    return json(await listProducts(db()));
  } catch (error) {
    return errorResponse(error);
  }
}
