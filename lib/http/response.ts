import { AppError } from "../errors";

/** JSON with bigint as decimal strings (money is bigint end to end). */
export function json(body: unknown, status = 200): Response {
  return new Response(
    JSON.stringify(body, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" } },
  );
}

/** Our API's error answer: typed errors keep their status; anything else is a 500 without details. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const response = json(error.toJSON(), error.statusCode);
    if (error.details.retryAfterSeconds !== undefined) response.headers.set("retry-after", String(error.details.retryAfterSeconds));
    return response;
  }
  // A path segment that is not valid percent-encoding (`/api/orders/%E0%A4%A`) names nothing.
  if (error instanceof URIError) return json({ error: { code: "NOT_FOUND", message: "Malformed URL encoding." } }, 404);
  // Prisma's P2028: no connection for a transaction within its wait (a burst beyond the pool): try again.
  if ((error as { code?: unknown } | null)?.code === "P2028") {
    console.error("Database busy:", error instanceof Error ? error.message : String(error));
    const response = json({ error: { code: "BUSY", message: "The store is busy; try again in a moment." } }, 503);
    response.headers.set("retry-after", "1");
    return response;
  }
  console.error("Unexpected error:", error instanceof Error ? error.message : String(error));
  return json({ error: { code: "INTERNAL", message: "Internal error" } }, 500);
}
