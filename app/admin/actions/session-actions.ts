"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sql } from "@/lib/db";
import { env } from "@/lib/env";
import type { ActionResult } from "@/lib/admin/action-result";
import { recordAudit } from "@/lib/admin/audit";
import { adminT, appSecret, guardAction, requestInfo } from "@/lib/admin/context";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from "@/lib/admin/device-cookie";
import { formatTime } from "@/lib/admin/format";
import { getLocale } from "@/lib/i18n/server";
import { isSameOriginRequest } from "@/lib/admin/origin";
import { adminCookieOptions, deleteSession, SESSION_COOKIE, SESSION_MAX_MS } from "@/lib/admin/sessions";
import { signIn } from "@/lib/admin/sign-in";

/** Sign-in: no session needed, but only from our own page (a cross-site sign-in is refused too). */
export async function signInAction(_previous: unknown, form: unknown): Promise<ActionResult> {
  const t = await adminT();
  const info = await requestInfo();
  const config = env();
  if (!isSameOriginRequest({ ...info, method: "write", publicUrl: config.PUBLIC_URL })) {
    return { ok: false, code: "cross_site", error: t("error.crossSite") };
  }
  const password = form instanceof FormData ? form.get("password") : null;
  if (typeof password !== "string" || password.length === 0) {
    return { ok: false, code: "invalid", error: t("signIn.wrong"), fieldErrors: { password: t("signIn.wrong") } };
  }
  const jar = await cookies();
  const outcome = await signIn(
    sql(),
    { adminPassword: config.ADMIN_PASSWORD!, appSecret: appSecret() },
    { password, ip: info.ip, userAgent: info.userAgent, deviceCookie: jar.get(DEVICE_COOKIE)?.value },
  );
  const locale = await getLocale();
  const seconds = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  if (!outcome.ok) {
    if (!("locked" in outcome)) {
      return outcome.code === "locked"
        ? { ok: false, code: "locked", error: t("signIn.locked", { time: formatTime(outcome.retryAt, locale) }) }
        : { ok: false, code: "throttled", error: t("signIn.wait", { seconds: seconds(outcome.retryAt) }) };
    }
    const error = outcome.locked
      ? t("signIn.wrongLocked", { time: formatTime(outcome.retryAt, locale) })
      : outcome.retryAt
        ? t("signIn.wrongWait", { seconds: seconds(outcome.retryAt) })
        : t("signIn.wrong");
    return { ok: false, code: outcome.locked ? "locked" : "wrong_password", error };
  }
  jar.set(SESSION_COOKIE, outcome.token, adminCookieOptions(config.PUBLIC_URL, SESSION_MAX_MS / 1000));
  if (outcome.newDeviceCookie) jar.set(DEVICE_COOKIE, outcome.newDeviceCookie, adminCookieOptions(config.PUBLIC_URL, DEVICE_COOKIE_MAX_AGE_S));
  redirect("/admin/orders");
}

export async function signOutAction(_previous?: unknown, _form?: unknown): Promise<ActionResult> {
  const guard = await guardAction();
  if (!guard.ok) return guard;
  const jar = await cookies();
  await deleteSession(sql(), jar.get(SESSION_COOKIE)?.value);
  jar.delete({ name: SESSION_COOKIE, path: "/admin" });
  await recordAudit(sql(), { action: "admin.sign_out", outcome: "ok", ip: guard.ip });
  redirect("/admin?signedOut=1");
}
