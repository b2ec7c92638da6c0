import type { SqlDatabase } from "../db/sql";
import { encryptSecret, safeEqual } from "../payments/secret-box";
import type { SectionSpec } from "./sections";
import { readSection } from "./stored-section";
import { providerHoldsReservation } from "../sandbox-control/provider-modes";

export type SaveContext = {
  appSecret: string;
  /** Names from TOLOV_GENERATED_SECRETS: live mode is refused while any of them was generated. */
  generatedSecrets: readonly string[];
};

export type SaveOutcome =
  | { ok: true; changed: string[] }
  | { ok: false; fieldErrors: Record<string, string>; reason: "invalid" | "live_needs_explicit_secrets" | "live_needs_keys" | "mode_busy" };

/** FormData → the plain strings a form schema reads (`clear.<secret>` checkboxes included). */
export function formEntries(form: FormData): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !key.startsWith("$")) entries[key] = value;
  }
  return entries;
}

/**
 * Validates one section's form and writes what changed, in one database transaction. A secret
 * left empty keeps its stored value; `clear.<name>` removes it. Returns the names of the changed
 * fields (for the audit log) — never their values.
 */
export async function saveSection(sql: SqlDatabase, spec: SectionSpec, input: Record<string, string>, ctx: SaveContext): Promise<SaveOutcome> {
  const parsed = spec.form.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join(".") || "form";
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, fieldErrors, reason: "invalid" };
  }
  const next = parsed.data;
  const secrets = new Set(spec.secrets);
  const cleared = new Set(spec.secrets.filter((name) => input[`clear.${name}`] === "on" && next[name] === undefined));

  return sql.transaction(async (tx) => {
    const stored = await readSection(tx, spec, ctx.appSecret);
    const current = (name: string) => {
      const value = stored.get(name);
      return value && "value" in value ? value.value : undefined;
    };

    // A payment attempt holding an order was made against the current mode's cashbox (issue 10).
    const provider = spec.prefix.replace(/\.$/, "");
    if (next.mode !== undefined && next.mode !== (current("mode") ?? spec.defaults.mode) && (await providerHoldsReservation(tx, provider, Date.now()))) {
      return {
        ok: false,
        reason: "mode_busy",
        fieldErrors: { mode: "a payment in progress holds an order; change the mode when it has finished" },
      } as const;
    }

    if (next.mode === "live") {
      const generated = ctx.generatedSecrets.filter((name) => name === "APP_SECRET" || name === "ADMIN_PASSWORD");
      if (generated.length > 0) {
        return { ok: false, reason: "live_needs_explicit_secrets", fieldErrors: { mode: generated.join(", ") } } as const;
      }
      const missing = (spec.liveRequires ?? []).filter((name) => {
        if (cleared.has(name)) return true;
        const value = next[name] ?? (secrets.has(name) ? current(name) : undefined);
        return !value;
      });
      if (missing.length > 0) {
        return { ok: false, reason: "live_needs_keys", fieldErrors: Object.fromEntries(missing.map((name) => [name, "required in live mode"])) } as const;
      }
    }

    const changed: string[] = [];
    const now = new Date();
    for (const field of spec.fields) {
      const name = field.name;
      const key = spec.prefix + name;
      if (cleared.has(name)) {
        const removed = await tx.run(`DELETE FROM "Setting" WHERE "key" = ?`, [key]);
        if (removed.changes > 0) changed.push(name);
        continue;
      }
      const value = next[name];
      if (value === undefined) continue;
      const before = stored.get(name);
      const same = before
        ? "value" in before && (secrets.has(name) ? safeEqual(before.value, value) : before.value === value)
        : !secrets.has(name) && (spec.defaults[name] ?? "") === value;
      if (same) continue;
      const isSecret = secrets.has(name);
      await tx.run(
        `INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt") VALUES (?, ?, ?, ?)
         ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "encrypted" = excluded."encrypted", "updatedAt" = excluded."updatedAt"`,
        [key, isSecret ? encryptSecret(value, ctx.appSecret) : value, isSecret, now],
      );
      changed.push(name);
    }
    return { ok: true, changed } as const;
  });
}
