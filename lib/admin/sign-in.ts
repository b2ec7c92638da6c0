import type { SqlDatabase } from "../db/sql";
import { checkAdminPassword } from "./admin-password";
import { recordAudit } from "./audit";
import { issueDeviceId, readDeviceId } from "./device-cookie";
import { createSession } from "./sessions";
import { beginSignInAttempt, clearThrottle, throttleKey } from "./throttle";

export type SignInInput = { password: string; ip: string; userAgent: string; deviceCookie: string | undefined };

export type SignInOutcome =
  | { ok: true; token: string; newDeviceCookie: string | null }
  | { ok: false; code: "throttled" | "locked"; retryAt: Date }
  | { ok: false; code: "wrong_password"; retryAt: Date | null; locked: boolean };

/**
 * One sign-in attempt: throttled per client (throttle.ts), checked against the scrypt hash of
 * ADMIN_PASSWORD, audited (never the password typed). A success clears the client's failures,
 * opens a session and marks the browser as known.
 */
export async function signIn(
  sql: SqlDatabase,
  config: { adminPassword: string; appSecret: string },
  input: SignInInput,
  now: Date = new Date(),
): Promise<SignInOutcome> {
  const deviceId = readDeviceId(input.deviceCookie, config.appSecret);
  const key = throttleKey({ deviceId, ip: input.ip });
  const decision = await beginSignInAttempt(sql, key, now);
  if (!decision.allowed) {
    return { ok: false, code: decision.reason === "locked" ? "locked" : "throttled", retryAt: decision.retryAt };
  }
  if (!(await checkAdminPassword(sql, config.adminPassword, input.password))) {
    await recordAudit(sql, {
      action: "admin.sign_in",
      outcome: "failed",
      ip: input.ip,
      detail: { failures: decision.failures, knownBrowser: deviceId !== null, locked: decision.lockedUntil !== null },
    });
    const waits = decision.nextAllowedAt > now;
    return { ok: false, code: "wrong_password", retryAt: waits ? decision.nextAllowedAt : null, locked: decision.lockedUntil !== null };
  }
  await clearThrottle(sql, key);
  const { token } = await createSession(sql, { ip: input.ip, userAgent: input.userAgent }, now);
  await recordAudit(sql, { action: "admin.sign_in", outcome: "ok", ip: input.ip, detail: { knownBrowser: deviceId !== null } });
  return { ok: true, token, newDeviceCookie: deviceId ? null : issueDeviceId(config.appSecret).cookie };
}
