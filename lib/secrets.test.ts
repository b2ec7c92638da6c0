import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GENERATED_SECRETS_FILE, loadOrCreateGeneratedSecrets } from "./secrets";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const folders: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tolov-secrets-test-"));
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadOrCreateGeneratedSecrets", () => {
  it("creates the file once, mode 0600 in a 0700 folder, and reuses it", () => {
    const dataDir = join(tempDir(), "data");
    const first = loadOrCreateGeneratedSecrets(dataDir);
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(dataDir, GENERATED_SECRETS_FILE));
    expect(first.secrets.APP_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets.ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(first.path, "utf8"))).toEqual(first.secrets);
    const text = readFileSync(first.path, "utf8");

    const second = loadOrCreateGeneratedSecrets(dataDir);
    expect(second).toEqual({ secrets: first.secrets, created: false, path: first.path });
    expect(readFileSync(first.path, "utf8")).toBe(text);
    expect(readdirSync(dataDir)).toEqual([GENERATED_SECRETS_FILE]);
  });

  it("generates different secrets in different folders", () => {
    const a = loadOrCreateGeneratedSecrets(tempDir()).secrets;
    const b = loadOrCreateGeneratedSecrets(tempDir()).secrets;
    expect(a.APP_SECRET).not.toBe(b.APP_SECRET);
    expect(a.ADMIN_PASSWORD).not.toBe(b.ADMIN_PASSWORD);
  });

  it("refuses a damaged file instead of replacing it", () => {
    const dir = tempDir();
    const path = join(dir, GENERATED_SECRETS_FILE);
    writeFileSync(path, JSON.stringify({ APP_SECRET: "short", ADMIN_PASSWORD: "x" }), { mode: 0o600 });
    expect(() => loadOrCreateGeneratedSecrets(dir)).toThrow(/not valid/);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ APP_SECRET: "short", ADMIN_PASSWORD: "x" });
  });

  it("does not hide an unreadable file", () => {
    if (process.getuid?.() === 0) return; // root reads anything: nothing to show
    const dir = tempDir();
    const path = join(dir, GENERATED_SECRETS_FILE);
    writeFileSync(path, "{}", { mode: 0o600 });
    chmodSync(path, 0o000);
    expect(() => loadOrCreateGeneratedSecrets(dir)).toThrow();
  });

  it("agrees across processes creating it at the same moment in one folder", async () => {
    const dataDir = join(tempDir(), "data");
    const moduleUrl = pathToFileURL(join(repoRoot, "lib", "secrets.ts")).href;
    const startAt = Date.now() + 2_500;
    const script = [
      `const { loadOrCreateGeneratedSecrets } = await import(${JSON.stringify(moduleUrl)});`,
      `while (Date.now() < ${startAt}) {}`,
      `process.stdout.write(JSON.stringify(loadOrCreateGeneratedSecrets(${JSON.stringify(dataDir)})));`,
    ].join("\n");
    const run = () =>
      new Promise<{ secrets: unknown; created: boolean }>((resolve, reject) => {
        execFile(
          process.execPath,
          ["--import", "tsx", "--input-type=module", "-e", script],
          { cwd: repoRoot, timeout: 60_000 },
          (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
        );
      });
    const results = await Promise.all(Array.from({ length: 6 }, run));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    for (const result of results) expect(result.secrets).toEqual(results[0]!.secrets);
    expect(JSON.parse(readFileSync(join(dataDir, GENERATED_SECRETS_FILE), "utf8"))).toEqual(results[0]!.secrets);
    expect(readdirSync(dataDir)).toEqual([GENERATED_SECRETS_FILE]);
    expect(existsSync(join(dataDir, GENERATED_SECRETS_FILE))).toBe(true);
  });
});
