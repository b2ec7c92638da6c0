import { describe, expect, it } from "vitest";
import type { SqlExecutor } from "../db/sql";
import { checkMetricsToken } from "./endpoints";
import { healthDetails, publicHealth } from "./health";

/** A database whose every statement fails as an unreachable one does. */
const unreachable = {
  get: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
  all: () => Promise.reject(new Error("connect ECONNREFUSED")),
  run: () => Promise.reject(new Error("connect ECONNREFUSED")),
} as unknown as SqlExecutor;

describe("health without a database", () => {
  it("the public answer is {ok: false}", async () => {
    expect(await publicHealth(unreachable)).toEqual({ ok: false });
  });

  it("the details say the database is unreachable and leave what needs it null", async () => {
    expect(await healthDetails(unreachable, "file:./nowhere.db")).toEqual({
      ok: false,
      database: { reachable: false, kind: "sqlite" },
      migrations: { current: false, pending: null },
      providers: null,
      sandbox: "unknown",
      outbox: { backlog: null },
    });
  });
});

describe("METRICS_TOKEN as a Bearer token", () => {
  const token = "metrics-token-0123456789abcdef";
  it("accepts exactly the token, in any case of the scheme", () => {
    expect(checkMetricsToken(`Bearer ${token}`, token)).toBe("valid");
    expect(checkMetricsToken(`bearer ${token}`, token)).toBe("valid");
  });
  it("refuses anything else, and tells an absent header apart", () => {
    expect(checkMetricsToken(null, token)).toBe("none");
    expect(checkMetricsToken("", token)).toBe("none");
    for (const header of [`Bearer ${token}0`, `Bearer ${token.slice(1)}`, `Basic ${token}`, token, "Bearer", `Bearer ${token} extra`]) {
      expect([header, checkMetricsToken(header, token)]).toEqual([header, "invalid"]);
    }
    expect(checkMetricsToken(`Bearer ${token}`, undefined)).toBe("invalid");
  });
});
