import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../db/migrate";
import { createSql, type SqlDatabase } from "../db/sql";
import { decryptSecret } from "../payments/secret-box";
import { formEntries, saveSection } from "./save-section";
import { loadSectionView } from "./section-view";
import { sections } from "./sections";

const appSecret = "unit-test-app-secret-of-32-characters!!";
const ctx = { appSecret, generatedSecrets: [] as string[] };

describe("cashbox key forms", () => {
  let dir: string;
  let sql: SqlDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tolov-keys-"));
    const url = `file:${join(dir, "keys.db")}`;
    await applyPendingMigrations(url);
    sql = createSql(url);
  });

  afterAll(async () => {
    await sql?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const click = (extra: Record<string, string> = {}) => ({
    serviceId: "31415",
    merchantId: "27182",
    merchantUserId: "16180",
    reservationMinutes: "30",
    mode: "sandbox",
    checkout: "on",
    ...extra,
  });

  it("encrypts secrets, reports changed field names, and writes nothing for values equal to the defaults", async () => {
    const saved = await saveSection(sql, sections.click, click({ secretKey: "click-secret-0001" }), ctx);
    // mode, reservationMinutes and checkout are the defaults: nothing to write.
    expect(saved).toEqual({ ok: true, changed: ["serviceId", "merchantId", "merchantUserId", "secretKey"] });
    const row = await sql.get<{ value: string; encrypted: boolean }>(`SELECT "value", "encrypted" FROM "Setting" WHERE "key" = 'click.secretKey'`);
    expect(row!.encrypted).toBe(true);
    expect(row!.value).not.toContain("click-secret");
    expect(decryptSecret(row!.value, appSecret)).toBe("click-secret-0001");
  });

  it("keeps a secret left empty and only masks it in the view", async () => {
    expect(await saveSection(sql, sections.click, click({ secretKey: "" }), ctx)).toEqual({ ok: true, changed: [] });
    const view = await loadSectionView(sql, sections.click, appSecret);
    expect(view.secrets.secretKey).toEqual({ set: true, masked: "••••0001", undecryptable: false });
    expect(JSON.stringify(view)).not.toContain("click-secret");
    expect(view.values.serviceId).toBe("31415");
  });

  it("tells when a secret cannot be decrypted (APP_SECRET changed) instead of failing the page", async () => {
    const view = await loadSectionView(sql, sections.click, "another-app-secret-of-32-characters!!!!");
    expect(view.secrets.secretKey).toEqual({ set: true, masked: "", undecryptable: true });
  });

  it("refuses live mode while APP_SECRET or ADMIN_PASSWORD was generated, and without the live keys", async () => {
    const generated = await saveSection(sql, sections.click, click({ mode: "live" }), { appSecret, generatedSecrets: ["ADMIN_PASSWORD"] });
    expect(generated).toMatchObject({ ok: false, reason: "live_needs_explicit_secrets" });
    const missing = await saveSection(sql, sections.robokassa, { login: "shop", hash: "md5", mode: "live", trustedProxies: "" }, ctx);
    expect(missing).toMatchObject({ ok: false, reason: "live_needs_keys", fieldErrors: { password1: expect.any(String), password2: expect.any(String) } });
    const mode = await sql.get(`SELECT "value" FROM "Setting" WHERE "key" = 'robokassa.mode'`);
    expect(mode).toBeUndefined();
  });

  it("answers bad input with one message per field", async () => {
    const bad = await saveSection(sql, sections.payme, { merchantId: "abc!", login: "", accountField: "1x", mode: "sandbox", trustedProxies: "10.0.0.1, not-an-ip" }, ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["accountField", "login", "merchantId", "trustedProxies"]);
  });

  it("reads a submitted form without React's own fields", () => {
    const form = new FormData();
    form.append("$ACTION_KEY", "k1");
    form.append("serviceId", "1");
    expect(formEntries(form)).toEqual({ serviceId: "1" });
  });
});
