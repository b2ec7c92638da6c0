import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { sql } from "../db";
import { env } from "../env";
import { getLocale } from "../i18n/server";
import { loadAdminSecuritySettings } from "../merchant-keys/admin-security-settings";
import type { ActionFail } from "./action-result";
import { clientAddress } from "../http/client-address";
import { adminTranslator, type AdminTranslate } from "./messages";
import { isSameOriginRequest } from "./origin";
import { readSession, SESSION_COOKIE, type AdminSession } from "./sessions";

/** The parts of the current request the admin's guards read. */
export async function requestInfo() {
  const list = await headers();
  const trusted = (await loadAdminSecuritySettings(sql())).trustedProxies;
  return {
    ip: clientAddress(list, trusted),
    userAgent: list.get("user-agent") ?? "",
    origin: list.get("origin"),
    secFetchSite: list.get("sec-fetch-site"),
    host: list.get("host"),
  };
}

export async function adminT(): Promise<AdminTranslate> {
  return adminTranslator(await getLocale());
}

export function appSecret(): string {
  const secret = env().APP_SECRET;
  if (!secret) throw new Error("APP_SECRET is not set: start the store with npm start");
  return secret;
}

/** The signed-in admin of this request, or null. */
export async function currentSession(): Promise<AdminSession | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return readSession(sql(), token);
}

/** For pages: the session, or off to the sign-in form. */
export async function requireAdminPage(): Promise<AdminSession> {
  const session = await currentSession();
  if (!session) redirect("/admin");
  return session;
}

export type Guarded = { ok: true; session: AdminSession; ip: string; t: AdminTranslate };

/**
 * The first line of every admin server action (a server action is a public POST endpoint):
 * the request must come from our own pages and carry a live session.
 */
export async function guardAction(): Promise<Guarded | ActionFail> {
  const t = await adminT();
  const info = await requestInfo();
  if (!isSameOriginRequest({ ...info, method: "write", publicUrl: env().PUBLIC_URL })) {
    return { ok: false, code: "cross_site", error: t("error.crossSite") };
  }
  const session = await currentSession();
  if (!session) return { ok: false, code: "unauthorized", error: t("error.unauthorized") };
  return { ok: true, session, ip: info.ip, t };
}

/** The same for route handlers (reads such as the CSV export). */
export async function guardRoute(method: "read" | "write"): Promise<Guarded | { ok: false; status: number; error: string }> {
  const t = await adminT();
  const info = await requestInfo();
  if (!isSameOriginRequest({ ...info, method, publicUrl: env().PUBLIC_URL })) {
    return { ok: false, status: 403, error: t("error.crossSite") };
  }
  const session = await currentSession();
  if (!session) return { ok: false, status: 401, error: t("error.unauthorized") };
  return { ok: true, session, ip: info.ip, t };
}
