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
  if (error instanceof AppError) return json(error.toJSON(), error.statusCode);
  console.error("Unexpected error:", error instanceof Error ? error.message : String(error));
  return json({ error: { code: "INTERNAL", message: "Internal error" } }, 500);
}

/** Reads a JSON body; a body that is not JSON is a 400 naming `body`. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION_FAILED", "The request body is not valid JSON.", {
      fields: [{ field: "body", message: "expected a JSON object" }],
    });
  }
}
