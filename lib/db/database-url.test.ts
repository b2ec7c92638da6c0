import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseKind, sqlitePath } from "./database-url";

describe("databaseKind", () => {
  it.each([
    ["file:./data/tolov.db", "sqlite"],
    ["file:/var/lib/tolov.db", "sqlite"],
    ["postgresql://u@h:5432/db", "postgresql"],
    ["postgres://u@h/db", "postgresql"],
  ])("%s → %s", (url, kind) => {
    expect(databaseKind(url)).toBe(kind);
  });

  it("refuses other schemes without echoing the URL's credentials", () => {
    expect(() => databaseKind("mysql://root:hunter2@db/shop")).toThrow(/DATABASE_URL/);
    expect(() => databaseKind("mysql://root:hunter2@db/shop")).not.toThrow(/hunter2/);
  });
});

describe("sqlitePath", () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("resolves relative paths against the working directory", () => {
    expect(sqlitePath("file:./data/tolov.db")).toBe(resolve("data/tolov.db"));
  });

  it("accepts file:// and drops query parameters", () => {
    const dir = mkdtempSync(join(tmpdir(), "tolov-url-test-"));
    folders.push(dir);
    expect(sqlitePath(`file://${dir}/a.db`)).toBe(join(dir, "a.db"));
    expect(sqlitePath(`file:${dir}/b.db?connection_limit=1`)).toBe(join(dir, "b.db"));
  });

  it("creates the file's folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "tolov-url-test-"));
    folders.push(dir);
    const path = sqlitePath(`file:${dir}/nested/deeper/tolov.db`);
    expect(existsSync(join(dir, "nested", "deeper"))).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});
