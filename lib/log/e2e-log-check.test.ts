import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkLogFile } from "../../e2e/helpers/log-secrets";
import { sandboxClickCredentials } from "../payments/click/sandbox-credentials";

/*
 * The e2e run's teardown (e2e/helpers/log-secrets.ts) on a planted log: it must fail when a
 * secret of the run is in the store's log, and pass on a clean one. The store's DATA_DIR is
 * laid out as the store lays it out (secrets.json, sandbox-token).
 */

let dir: string;
let dataDir: string;
let logFile: string;
const secrets = { ADMIN_PASSWORD: `admin-${randomBytes(9).toString("base64url")}`, APP_SECRET: randomBytes(32).toString("base64url") };
const sandboxToken = randomBytes(16).toString("hex");

const started = `{"level":"info","time":"2026-12-01T06:00:00.000Z","pid":1,"component":"server","port":3900,"database":"SQLite","paymentsMode":"sandbox","msg":"store started"}`;
const callback = `{"level":"info","time":"2026-12-01T06:00:01.000Z","pid":1,"component":"provider","direction":"in","provider":"click","method":"prepare","orderNumber":3,"reference":"1001","outcome":"ok","durationMs":2.5,"msg":"provider callback"}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "tolov-log-check-"));
  dataDir = join(dir, "data");
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, "secrets.json"), JSON.stringify(secrets));
  writeFileSync(join(dataDir, "sandbox-token"), `${sandboxToken}\n`);
  logFile = join(dir, "store.log");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the e2e log check", () => {
  it("passes a clean log", () => {
    writeFileSync(logFile, `${started}\n${callback}\n`);
    expect(checkLogFile(logFile, dataDir)).toBe(2);
  });

  it("fails on each planted secret of the run, naming it", () => {
    const planted: [string, string][] = [
      ["ADMIN_PASSWORD", secrets.ADMIN_PASSWORD],
      ["APP_SECRET", secrets.APP_SECRET],
      ["sandbox token", sandboxToken],
      ["Click sandbox secret key", sandboxClickCredentials(secrets.APP_SECRET).secretKey],
      ["test card 8600495473316478", "8600 4954 7331 6478"],
      ["SMS code", "666666"],
      ["a full phone number", "+998 90 123 45 67"],
      ["a key typed by e2e/admin.spec.ts", "click-secret-1764568800000-S7q2"],
    ];
    for (const [name, value] of planted) {
      writeFileSync(logFile, `${started}\n${callback}\n{"level":"info","msg":"oops","note":${JSON.stringify(`value ${value} end`)}}\n`);
      expect(() => checkLogFile(logFile, dataDir), name).toThrow(name);
    }
  });

  it("fails when the store wrote no log, or not through LOG_FILE", () => {
    expect(() => checkLogFile(logFile, dataDir)).toThrow("wrote no log");
    writeFileSync(logFile, `${callback}\n`);
    expect(() => checkLogFile(logFile, dataDir)).toThrow("lacks its start line");
  });
});
