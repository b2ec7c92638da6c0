import { afterEach, describe, expect, it, vi } from "vitest";
import { EnvError, env, parseEnv, resetEnvCache } from "./env";

const SECRET = "x".repeat(32);

function problemsOf(source: Record<string, string | undefined>): { variable: string; expected: string }[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected an EnvError");
}

function variablesOf(source: Record<string, string | undefined>): string[] {
  return problemsOf(source).map((problem) => problem.variable);
}

describe("parseEnv defaults", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATABASE_URL: "file:./data/tolov.db",
      DATA_DIR: "./data",
      PUBLIC_URL: "http://localhost:3000",
      PAYMENTS_MODE: "sandbox",
      SANDBOX_PORT: 3001,
      PAYME_BILLING: true,
      ROBOKASSA_HASH: "md5",
    });
    expect(config.APP_SECRET).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
    expect(config.CBU_RATES_URL).toBeUndefined();
  });

  it("derives PUBLIC_URL and SANDBOX_PORT from PORT", () => {
    expect(parseEnv({ PORT: "8080" })).toMatchObject({ PORT: 8080, PUBLIC_URL: "http://localhost:8080", SANDBOX_PORT: 8081 });
    expect(parseEnv({ PORT: "65535" }).SANDBOX_PORT).toBe(65534);
  });

  it("keeps given values, trims URLs and drops their trailing slash", () => {
    const config = parseEnv({
      PORT: "4000",
      HOST: "127.0.0.1",
      PUBLIC_URL: " https://shop.example.uz/ ",
      SANDBOX_PORT: "4500",
      CBU_RATES_URL: "http://127.0.0.1:9/rates/",
      DATABASE_URL: "postgresql://tolov@db:5432/tolov",
    });
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: "127.0.0.1",
      PUBLIC_URL: "https://shop.example.uz",
      SANDBOX_PORT: 4500,
      CBU_RATES_URL: "http://127.0.0.1:9/rates",
      DATABASE_URL: "postgresql://tolov@db:5432/tolov",
    });
  });

  it("treats empty and blank values as unset", () => {
    const config = parseEnv({ PORT: "", PAYMENTS_MODE: "  ", APP_SECRET: "", PUBLIC_URL: "" });
    expect(config).toMatchObject({ PORT: 3000, PAYMENTS_MODE: "sandbox", PUBLIC_URL: "http://localhost:3000" });
    expect(config.APP_SECRET).toBeUndefined();
  });

  it("accepts both database URL schemes", () => {
    expect(parseEnv({ DATABASE_URL: "file:/var/lib/tolov/shop.db" }).DATABASE_URL).toBe("file:/var/lib/tolov/shop.db");
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db" }).DATABASE_URL).toBe("postgres://u@h/db");
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h/db" }).DATABASE_URL).toBe("postgresql://u@h/db");
  });

  it.each([
    ["true", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["no", false],
  ])("reads PAYME_BILLING=%s as %s", (value, expected) => {
    expect(parseEnv({ PAYME_BILLING: value }).PAYME_BILLING).toBe(expected);
  });

  it("accepts live mode with both secrets given", () => {
    const config = parseEnv({ PAYMENTS_MODE: "live", APP_SECRET: SECRET, ADMIN_PASSWORD: "admin-password" });
    expect(config).toMatchObject({ PAYMENTS_MODE: "live", APP_SECRET: SECRET, ADMIN_PASSWORD: "admin-password" });
  });

  it("accepts every documented hash and mode", () => {
    for (const hash of ["md5", "sha1", "sha256", "sha384", "sha512", "ripemd160"]) {
      expect(parseEnv({ ROBOKASSA_HASH: hash }).ROBOKASSA_HASH).toBe(hash);
    }
    for (const mode of ["sandbox", "test"]) expect(parseEnv({ PAYMENTS_MODE: mode }).PAYMENTS_MODE).toBe(mode);
  });
});

describe("parseEnv errors name the variable", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["PORT", "65536"],
    ["PORT", "80.5"],
    ["PORT", "-1"],
    ["SANDBOX_PORT", "x"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "./data/tolov.db"],
    ["PAYMENTS_MODE", "production"],
    ["PUBLIC_URL", "shop.example.uz"],
    ["PUBLIC_URL", "ftp://shop.example.uz"],
    ["PAYME_CHECKOUT_URL", "checkout.paycom.uz"],
    ["PAYME_SUBSCRIBE_URL", "not a url"],
    ["CLICK_PAY_URL", "my.click.uz"],
    ["CLICK_API_URL", "//api.click.uz"],
    ["ROBOKASSA_PAY_URL", "auth.robokassa.ru"],
    ["ROBOKASSA_API_URL", "x"],
    ["SANDBOX_STORE_URL", "localhost:3000"],
    ["CBU_RATES_URL", "cbu.uz"],
    ["PAYME_BILLING", "maybe"],
    ["ROBOKASSA_HASH", "crc32"],
    ["APP_SECRET", "too-short"],
  ])("%s=%j", (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems.map((problem) => problem.variable)).toEqual([variable]);
    expect(problems[0]!.expected).toBeTruthy();
  });

  it("requires APP_SECRET and ADMIN_PASSWORD in live mode", () => {
    expect(variablesOf({ PAYMENTS_MODE: "live" }).sort()).toEqual(["ADMIN_PASSWORD", "APP_SECRET"]);
    expect(variablesOf({ PAYMENTS_MODE: "live", ADMIN_PASSWORD: "admin-password" })).toEqual(["APP_SECRET"]);
    expect(variablesOf({ PAYMENTS_MODE: "live", APP_SECRET: SECRET })).toEqual(["ADMIN_PASSWORD"]);
    expect(problemsOf({ PAYMENTS_MODE: "live", APP_SECRET: SECRET })[0]!.expected).toMatch(/PAYMENTS_MODE=live/);
  });

  it("names every bad variable at once, in a message that lists them", () => {
    const source = { PORT: "abc", DATABASE_URL: "mysql://x", ROBOKASSA_HASH: "crc32" };
    expect(variablesOf(source).sort()).toEqual(["DATABASE_URL", "PORT", "ROBOKASSA_HASH"]);
    let message = "";
    try {
      parseEnv(source);
    } catch (error) {
      message = (error as Error).message;
      expect((error as EnvError).code).toBe("INVALID_ENV");
    }
    expect(message).toMatch(/^Invalid configuration:/);
    for (const variable of ["PORT", "DATABASE_URL", "ROBOKASSA_HASH"]) expect(message).toContain(`  ${variable}: `);
  });

  it("takes the operations variables: METRICS_TOKEN (≥ 16 characters), LOG_LEVEL (pino's levels), LOG_FILE", () => {
    const defaults = parseEnv({});
    expect([defaults.LOG_LEVEL, defaults.METRICS_TOKEN, defaults.LOG_FILE]).toEqual(["info", undefined, undefined]);
    expect(parseEnv({ METRICS_TOKEN: "t".repeat(16), LOG_LEVEL: "warn", LOG_FILE: "/var/log/tolov.log" })).toMatchObject({
      METRICS_TOKEN: "t".repeat(16),
      LOG_LEVEL: "warn",
      LOG_FILE: "/var/log/tolov.log",
    });
    expect(variablesOf({ METRICS_TOKEN: "short", LOG_LEVEL: "verbose" }).sort()).toEqual(["LOG_LEVEL", "METRICS_TOKEN"]);
  });

  it("does not echo a bad secret's value", () => {
    const message = problemsOf({ APP_SECRET: "short-but-secret" })
      .map((problem) => `${problem.variable}: ${problem.expected}`)
      .join("\n");
    expect(message).not.toContain("short-but-secret");
  });
});

describe("env()", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("parses process.env once and again after resetEnvCache()", () => {
    vi.stubEnv("PORT", "4100");
    resetEnvCache();
    expect(env().PORT).toBe(4100);
    vi.stubEnv("PORT", "4200");
    expect(env().PORT).toBe(4100);
    resetEnvCache();
    expect(env().PORT).toBe(4200);
  });

  it("throws EnvError for a bad process.env", () => {
    vi.stubEnv("PORT", "abc");
    resetEnvCache();
    expect(() => env()).toThrow(EnvError);
  });
});
