import { z } from "zod";

const createdOrder = z.object({ id: z.string().min(1), number: z.string().min(1) });
export type CreatedOrder = z.infer<typeof createdOrder>;

const validationFailure = z.object({
  error: z.object({ fields: z.array(z.object({ field: z.string(), message: z.string() })) }),
});

/** Why `POST /api/orders` did not create an order. */
export class OrderRequestError extends Error {
  constructor(
    readonly kind: "validation" | "network" | "server",
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(`Order request failed: ${kind}`);
    this.name = "OrderRequestError";
  }
}

export async function postOrder(body: unknown): Promise<CreatedOrder> {
  let response: Response;
  try {
    response = await fetch("/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new OrderRequestError("network");
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    throw new OrderRequestError("server");
  }
  if (response.status === 400) {
    const parsed = validationFailure.safeParse(payload);
    throw new OrderRequestError("validation", parsed.success ? parsed.data.error.fields : []);
  }
  const order = createdOrder.safeParse(payload);
  if (!response.ok || !order.success) throw new OrderRequestError("server");
  return order.data;
}
