import type { IncomingMessage, ServerResponse } from "node:http";
import { hasSandboxToken, isSameOrigin, mayChangeCabinet, sandboxTokenCookie, tokenMatches } from "./cabinet-auth";
import { documentHtml, html, raw } from "./html";
import { readForm, redirect, sendHtml } from "./http";

const styles = raw(`<style>
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2a3a;background:#f2f6f8}
main{max-width:40rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1rem 1.25rem;box-shadow:0 1px 6px rgba(0,0,0,.06)}
input{padding:.3rem .45rem;border:1px solid #cfd8e0;border-radius:6px}
button{border:0;border-radius:6px;padding:.35rem .8rem;cursor:pointer}
.warn{color:#b42318}
</style>`);

/** A cabinet without the sandbox token: a form to present it, nothing of the store's. */
export function cabinetSignInPage(title: string, cabinetPath: string, message?: string): string {
  return documentHtml({
    lang: "en",
    title: `${title} — cabinet`,
    head: styles,
    body: html`<main>
<h1>${title} — sandbox token</h1>
${message ? html`<p class="warn" role="alert">${message}</p>` : null}
<p>The cabinet needs the sandbox token: the store prints it when the sandbox starts and keeps it in
<code>DATA_DIR/sandbox-token</code>.</p>
<form method="post" action="${cabinetPath}/sign-in">
<label>Token <input type="password" name="token" size="48" autocomplete="off" required></label>
<button type="submit">Open the cabinet</button>
</form>
</main>`,
  });
}

/**
 * The sandbox-token gate in front of an emulator's cabinet (issue 10), as Payme's has it:
 *   POST <cabinetPath>/sign-in  the token from the cabinet's own page → the HttpOnly cookie
 *   GET  <cabinetPath>          only with the token (it shows the store's answers), else 401
 *   POST <cabinetPath>/…        only `mayChangeCabinet` (token and same origin), else 403
 * Returns true when the gate answered (the caller stops), false when the request may go on.
 */
export async function gateCabinet(
  req: IncomingMessage,
  res: ServerResponse,
  options: { path: string; cabinetPath: string; title: string; token: string },
): Promise<boolean> {
  const { path, cabinetPath, title, token } = options;
  const method = req.method ?? "GET";
  if (path === `${cabinetPath}/sign-in` && method === "POST") {
    const form = await readForm(req);
    if (!isSameOrigin(req) || !tokenMatches(form.get("token"), token)) {
      sendHtml(res, 403, cabinetSignInPage(title, cabinetPath, "Wrong sandbox token (it is printed at start and kept in DATA_DIR/sandbox-token)."));
    } else {
      res.setHeader("set-cookie", sandboxTokenCookie(token));
      redirect(res, cabinetPath);
    }
    return true;
  }
  if (path === cabinetPath && method === "GET") {
    if (hasSandboxToken(req, token)) return false;
    sendHtml(res, 401, cabinetSignInPage(title, cabinetPath));
    return true;
  }
  if (path.startsWith(`${cabinetPath}/`) && method === "POST") {
    if (mayChangeCabinet(req, token)) return false;
    // Nothing of the body is read or acted on.
    req.resume();
    sendHtml(res, 403, cabinetSignInPage(title, cabinetPath, "Cabinet changes need the sandbox token, from the cabinet's own page."));
    return true;
  }
  return false;
}
