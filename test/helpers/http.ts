/** Small HTTP helpers for the store's JSON API. */

export type JsonResponse<T = any> = { status: number; body: T; headers: Headers };

export async function getJson<T = any>(url: string): Promise<JsonResponse<T>> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  return { status: response.status, body: (await readBody(response)) as T, headers: response.headers };
}

/** POSTs `body` (JSON-encoded unless it is already a string, which is sent as is). */
export async function postJson<T = any>(url: string, body: unknown): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await readBody(response)) as T, headers: response.headers };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
