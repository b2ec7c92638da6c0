import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "../payments/secret-box";

/**
 * A "known browser" mark, set after a successful sign-in: `<id>.<hmac>` signed with a key derived
 * from APP_SECRET, so it cannot be forged. Sign-in failures of a known browser count against the
 * browser, not against its IP address (throttle.ts).
 */
export const DEVICE_COOKIE = "tolov_admin_device";
export const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

function sign(id: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(`tolov admin device ${id}`).digest("base64url");
}

export function issueDeviceId(appSecret: string): { id: string; cookie: string } {
  const id = randomBytes(16).toString("base64url");
  return { id, cookie: `${id}.${sign(id, appSecret)}` };
}

/** The device id of a genuine cookie, else null. */
export function readDeviceId(cookie: string | undefined, appSecret: string): string | null {
  if (!cookie) return null;
  const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!match) return null;
  return safeEqual(match[2]!, sign(match[1]!, appSecret)) ? match[1]! : null;
}
