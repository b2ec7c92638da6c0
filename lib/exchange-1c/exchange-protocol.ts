import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { SqlDatabase } from "../db/sql";
import { takeRateSlot, type RateLimit } from "../http/rate-limit";
import { orderStatuses } from "../orders/order-status";
import { applyDocument, ordersWithPaymentDocuments, PROVIDER_1C, type OnlineRefundRequest } from "./apply-document";
import { buildInfoXml, buildOrdersXml, encodeAnswer, negotiateVersion, parseExchangeFile, xmlContentType, type ExchangeEncoding, type SchemaVersion } from "./commerceml";
import { loadExchange1cSettings } from "./exchange-1c-settings";
import {
  commitMark,
  expiredSessions,
  findSession,
  openImport,
  openSession,
  readMark,
  recordQuery,
  saveImport,
  setSessionVersion,
  startImport,
  type ExchangeSession,
} from "./exchange-store";
import { ordersSince } from "./export-orders";
import { requestOnlineRefunds } from "./online-refunds";
import { FILE_LIMIT_BYTES, safeBaseName, UploadArea } from "./upload-area";

/*
 * `GET|POST /api/1c/exchange?type=sale&mode=…` (protocol file "HTTP protocol"; issue 13 §1):
 * a transport-free dispatcher. The route hands it the method, query, the two headers it reads
 * and the raw body; it answers plain text lines (or XML for `query`). Bad input gets
 * `failure\n<reason>` with a 4xx, never an exception.
 */

/** The cookie 1C is told to send back (no `.` in the name: 1C rejects such names). */
export const EXCHANGE_COOKIE = "tolov_1c_session";
/** Documents applied per `mode=import` call; the call answers `progress` while more are left. */
export const DEFAULT_IMPORT_BATCH = 200;
/** Failed `checkauth` calls one client address may make before it is refused without a check. */
export const CHECKAUTH_FAILURES: RateLimit = { name: "exchange1c.checkauth-failures", max: 10, windowMs: 10 * 60_000 };

export const exchangeQuery = z.object({
  type: z.literal("sale", { error: "only type=sale is served" }),
  mode: z.enum(["checkauth", "init", "query", "success", "file", "import", "info"], { error: "unknown mode" }),
  filename: z.string().max(500).optional(),
  version: z.string().max(20).optional(),
});

export type ExchangeRequest = {
  method: string;
  query: URLSearchParams;
  authorization: string | null;
  cookie: string | null;
  /** The caller's address (behind trusted proxies), for the failed sign-in limit. */
  clientAddress: string;
  /** The raw body (a file chunk for `mode=file`). */
  body: Uint8Array;
};

export type ExchangeAnswer = { status: number; contentType: string; body: string | Buffer; setCookie?: string };

export type ExchangeDeps = {
  sql: SqlDatabase;
  appSecret: string;
  dataDir: string;
  now?: () => number;
  importBatch?: number;
};

const plain = (status: number, lines: string[], setCookie?: string): ExchangeAnswer => ({
  status,
  contentType: "text/plain; charset=utf-8",
  body: lines.join("\n"),
  ...(setCookie ? { setCookie } : {}),
});
const failure = (status: number, reason: string) => plain(status, ["failure", reason]);

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths leak nothing). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function basicCredentials(header: string | null): { login: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function cookieToken(header: string | null): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === EXCHANGE_COOKIE) return value.join("=");
  }
  return null;
}

/** Handles one call of 1C's exchange. */
export async function handleExchange(request: ExchangeRequest, deps: ExchangeDeps): Promise<ExchangeAnswer> {
  const parsed = exchangeQuery.safeParse(Object.fromEntries(request.query));
  if (!parsed.success) return failure(400, parsed.error.issues[0]?.message ?? "bad request");
  const query = parsed.data;
  const now = new Date((deps.now ?? Date.now)());
  const settings = await loadExchange1cSettings(deps.sql, deps.appSecret);

  if (query.mode === "checkauth") {
    const credentials = basicCredentials(request.authorization);
    if (!settings.login || !settings.password) return failure(403, "the exchange user is not set in the store's admin");
    if (!credentials) return failure(401, "HTTP Basic credentials expected");
    const subject = request.clientAddress || "unknown";
    const waitSeconds = await lockedOutFor(deps.sql, subject, now.getTime());
    if (waitSeconds > 0) return failure(429, `too many failed sign-ins: try again in ${waitSeconds} s`);
    // Both compared, always, in constant time.
    const loginOk = sameSecret(credentials.login, settings.login);
    const passwordOk = sameSecret(credentials.password, settings.password);
    if (!(loginOk && passwordOk)) {
      await takeRateSlot(deps.sql, CHECKAUTH_FAILURES, subject, now.getTime());
      return failure(401, "wrong login or password");
    }
    const token = await openSession(deps.sql, settings.login, now);
    for (const id of await expiredSessions(deps.sql, now)) await new UploadArea(deps.dataDir, id).clear();
    return plain(200, ["success", EXCHANGE_COOKIE, token], `${EXCHANGE_COOKIE}=${token}; Path=/api/1c; HttpOnly; SameSite=Strict`);
  }

  const token = cookieToken(request.cookie);
  const session = token ? await findSession(deps.sql, token, now) : undefined;
  if (!session || !token) return failure(401, "not signed in: call mode=checkauth first");

  switch (query.mode) {
    case "init": {
      await new UploadArea(deps.dataDir, session.id).clear();
      const lines = ["zip=no", `file_limit=${FILE_LIMIT_BYTES}`];
      if (query.version !== undefined) {
        const version = negotiateVersion(query.version);
        await setSessionVersion(deps.sql, session.id, version);
        lines.push(`sessid=${token}`, `version=${version}`);
      }
      return plain(200, lines);
    }
    case "query": {
      const mark = await readMark(deps.sql);
      const { orders, upTo } = await ordersSince(deps.sql, mark);
      await recordQuery(deps.sql, session.id, upTo, orders.length, now);
      const version: SchemaVersion = session.version === "3.1" ? "3.1" : "2.10";
      const xml = buildOrdersXml({ orders, version, generatedAt: now, timeZone: settings.timeZone, encoding: settings.encoding });
      return { status: 200, contentType: xmlContentType(settings.encoding), body: encodeAnswer(xml, settings.encoding) };
    }
    case "success": {
      await commitMark(deps.sql, session, now);
      return plain(200, ["success"]);
    }
    case "info":
      return info(settings.encoding, now, settings.timeZone);
    case "file": {
      const name = safeBaseName(query.filename);
      if (!name) return failure(400, "filename= is missing or has no safe name");
      if (request.body.byteLength > FILE_LIMIT_BYTES) return failure(413, `a chunk is at most ${FILE_LIMIT_BYTES} bytes`);
      const appended = await new UploadArea(deps.dataDir, session.id).append(name, request.body);
      return appended ? plain(200, ["success"]) : failure(413, "the file is too large");
    }
    case "import": {
      const name = safeBaseName(query.filename);
      if (!name) return failure(400, "filename= is missing or has no safe name");
      return runImport(session, name, deps, settings.timeZone, now);
    }
  }
}

/** Seconds until `subject` may try again when its failed sign-ins fill the limit, else 0. */
async function lockedOutFor(sql: SqlDatabase, subject: string, nowMs: number): Promise<number> {
  const row = await sql.get<{ taken: number; freeAt: bigint | null }>(
    `SELECT COUNT(*) AS "taken", MIN("expiresAt") AS "freeAt" FROM "RateLimitSlot" WHERE "key" = ? AND "expiresAt" > ?`,
    [`${CHECKAUTH_FAILURES.name}:${subject}`.slice(0, 200), BigInt(nowMs)],
    { taken: "number", freeAt: "bigint" },
  );
  if (!row || Number(row.taken) < CHECKAUTH_FAILURES.max || row.freeAt === null) return 0;
  return Math.max(1, Math.ceil((Number(row.freeAt) - nowMs) / 1000));
}

async function runImport(session: ExchangeSession, fileName: string, deps: ExchangeDeps, timeZone: string, now: Date): Promise<ExchangeAnswer> {
  const bytes = await new UploadArea(deps.dataDir, session.id).read(fileName);
  if (!bytes) return failure(404, `no file ${fileName} was uploaded in this session`);
  const fileDigest = createHash("sha256").update(bytes).digest("hex");
  const parsed = parseExchangeFile(bytes);
  let row = await openImport(deps.sql, session.id, fileName);
  if (row && row.digest !== fileDigest) row = undefined;
  if (!parsed.ok) {
    await startImport(deps.sql, { sessionId: session.id, fileName, digest: fileDigest, total: 0, state: "failure", reason: parsed.reason, now });
    return failure(200, parsed.reason);
  }
  row ??= await startImport(deps.sql, { sessionId: session.id, fileName, digest: fileDigest, total: parsed.documents.length, state: "progress", now });
  const batch = Math.max(1, deps.importBatch ?? DEFAULT_IMPORT_BATCH);
  const paymentDocumentsByOrder = ordersWithPaymentDocuments(parsed.documents);
  const refunds: OnlineRefundRequest[] = [];
  const end = Math.min(parsed.documents.length, row.position + batch);
  for (const document of parsed.documents.slice(row.position, end)) {
    const applied = await applyDocument(document, { sql: deps.sql, timeZone, nowMs: now.getTime(), paymentDocumentsByOrder });
    row.report.push(applied.line);
    row[applied.line.outcome === "applied" ? "applied" : applied.line.outcome === "refused" ? "refused" : "unchanged"] += 1;
    refunds.push(...applied.refunds);
  }
  row.position = end;
  if (end >= parsed.documents.length) {
    row.state = "success";
    row.finishedAt = new Date();
  }
  await saveImport(deps.sql, row);
  await requestOnlineRefunds(deps.sql, refunds);
  return plain(200, [row.state === "success" ? "success" : "progress"]);
}

/** `mode=info`: the store's order statuses and payment systems, for 1C to map. */
async function info(encoding: ExchangeEncoding, now: Date, timeZone: string): Promise<ExchangeAnswer> {
  // The registry names the providers (loaded lazily: it loads every provider).
  const { paymentProviders } = await import("../payments/registry");
  const xml = buildInfoXml({ statuses: orderStatuses, paySystems: [...paymentProviders.map((provider) => provider.id), PROVIDER_1C], generatedAt: now, timeZone, encoding });
  return { status: 200, contentType: xmlContentType(encoding), body: encodeAnswer(xml, encoding) };
}
