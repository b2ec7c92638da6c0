/**
 * Cross-site request refusal for the admin's server actions and routes (a server action is a
 * public POST endpoint). A state-changing request must prove it comes from one of our own
 * pages: its `Origin` is the store's (PUBLIC_URL) or the host it was sent to, and the browser's
 * `Sec-Fetch-Site`, when sent, is `same-origin`. Reads may also come from a typed-in address
 * (`Sec-Fetch-Site: none`, no Origin).
 */
export type OriginInput = {
  method: "read" | "write";
  origin: string | null;
  secFetchSite: string | null;
  host: string | null;
  publicUrl: string;
};

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * PUBLIC_URL's origin, and the Host the request was sent to (with PUBLIC_URL's scheme). Forwarded
 * host headers are not believed: behind a proxy, PUBLIC_URL names the public origin.
 */
export function allowedOrigins(input: Pick<OriginInput, "host" | "publicUrl">): Set<string> {
  const allowed = new Set<string>();
  const store = originOf(input.publicUrl);
  if (store) allowed.add(store);
  const host = input.host?.trim();
  if (host) {
    const own = originOf(`${input.publicUrl.startsWith("https://") ? "https" : "http"}://${host}`);
    if (own) allowed.add(own);
  }
  return allowed;
}

export function isSameOriginRequest(input: OriginInput): boolean {
  const site = input.secFetchSite?.trim().toLowerCase() || null;
  if (site && site !== "same-origin" && !(input.method === "read" && site === "none")) return false;
  if (input.origin === null || input.origin === "") return input.method === "read" || site === "same-origin";
  if (input.origin === "null") return false;
  return allowedOrigins(input).has(input.origin.replace(/\/+$/, ""));
}
