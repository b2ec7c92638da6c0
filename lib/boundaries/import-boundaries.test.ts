import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  importBoundaryViolations,
  providerFolders,
  providerFolderViolations,
  sandboxImportsStoreViolations,
  storeImportsSandboxViolations,
  type Violation,
} from "./import-boundaries";
import { importsOf, readSourceTree } from "./import-graph";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tree = (files: Record<string, string>) => new Map(Object.entries(files));

/**
 * Violations left in today's tree, each with why it is still here. The test fails on any
 * violation not listed, and on an entry that no longer happens (delete it): the list only shrinks.
 */
const knownViolations: { file: string; detail: string; why: string }[] = [
  // Payme's shopper actions (card form) live in app/ and call Payme's saved-card and receipt code; they belong
  // in a route file of Payme's (app/api/payme/…) or the provider's action module.
  { file: "app/(shop)/orders/[id]/card-actions.ts", detail: "@/lib/payments/payme/saved-cards", why: "shopper actions not yet behind the registry" },
  { file: "app/(shop)/orders/[id]/card-actions.ts", detail: "@/lib/payments/payme/receipts/outcome", why: "shopper actions not yet behind the registry" },
  // Side-effect import that registers Payme's lapse rule in Next's bundle of the admin actions (the registry registers it too).
  { file: "lib/admin/orders/order-actions.ts", detail: "payments/payme/merchant-api/transactions", why: "lapse rule registration in Next's bundle" },
  // A re-export kept for the admin order page until it lists `provider.attempts` from the registry.
  { file: "lib/admin/orders/order-receipts.ts", detail: "payments/payme/admin/receipt-attempts", why: "admin order page not yet on provider.attempts" },
  // CSP connect-src needs Payme's Subscribe origin; the proxy cannot load the registry (it would bundle every provider).
  { file: "proxy.ts", detail: "@/lib/payments/payme/payme-urls", why: "CSP origin without the registry" },
  { file: "scripts/payme-sandbox-check.ts", detail: "payments/payme/sandbox-scenarios", why: "Payme's own CLI" },
  // The sandbox's credentials are derived as the store derives them, from Payme's settings code (Click's emulator derives its own).
  { file: "lib/sandbox/config.ts", detail: "payments/payme/payme-settings", why: "sandbox credentials need a database-free home" },
  { file: "lib/sandbox/config.ts", detail: "payments/payme/payme-urls", why: "sandbox origin" },
  { file: "lib/sandbox/config.ts", detail: "lib/settings/settings", why: "sandbox credentials need a database-free home" },
  { file: "lib/sandbox/start-sandbox.ts", detail: "lib/settings/settings", why: "through lib/sandbox/config.ts" },
  // The emulators share their provider's wire code (schemas, signatures, amounts). An emulator written
  // independently would catch a bug the store and the emulator now share: to be separated.
  { file: "lib/sandbox/payme-subscribe/emulator.ts", detail: "payments/payme/subscribe/", why: "emulator shares wire code" },
  { file: "lib/sandbox/payme-subscribe/storage.ts", detail: "payments/payme/subscribe/schemas", why: "emulator shares wire code" },
  { file: "lib/sandbox/robokassa/credentials.ts", detail: "payments/robokassa/", why: "emulator shares wire code" },
  { file: "lib/sandbox/robokassa/index.ts", detail: "payments/robokassa/", why: "emulator shares wire code" },
  { file: "lib/sandbox/robokassa/notifier.ts", detail: "payments/robokassa/", why: "emulator shares wire code" },
  { file: "lib/sandbox/robokassa/pages.ts", detail: "payments/robokassa/", why: "emulator shares wire code" },
  { file: "lib/sandbox/robokassa/pay-request.ts", detail: "payments/robokassa/", why: "emulator shares wire code" },
];

const isKnown = (violation: Violation) => knownViolations.some((known) => known.file === violation.file && violation.detail.includes(known.detail));

describe("import graph", () => {
  it("finds static, type-only, re-exported, dynamic and required imports, not ones in comments or strings", () => {
    const edges = importsOf(
      "lib/a/b.ts",
      [
        `import { x } from "../payments/payme/receipts";`,
        `import type { Y } from "@/lib/orders/ledger";`,
        `export { z } from "./c";`,
        `const lazy = () => import("../sandbox/start-sandbox");`,
        `const old = require("../db");`,
        `// import { no } from "../comment";`,
        `const text = 'import { no } from "../string"';`,
        `import "zod";`,
      ].join("\n"),
    );
    expect(edges.map((edge) => [edge.target, edge.dynamic, edge.typeOnly])).toEqual([
      ["lib/payments/payme/receipts", false, false],
      ["lib/orders/ledger", false, true],
      ["lib/a/c", false, false],
      ["lib/sandbox/start-sandbox", true, false],
      ["lib/db", false, false],
      [null, false, false],
    ]);
  });
});

describe("a provider's folder is imported only by the registry, its routes and its UI", () => {
  const base = {
    "lib/payments/payme/provider.ts": `export const paymeProvider = {};`,
    "lib/payments/payme/receipts/index.ts": `export const cancelOpenReceipts = 1;`,
    "lib/payments/registry.ts": `import { paymeProvider } from "./payme/provider";`,
    "app/api/payme/route.ts": `import { x } from "@/lib/payments/payme/receipts";`,
    "components/payme/payme-qr.tsx": `import { x } from "@/lib/payments/payme/receipts";`,
    "components/payme-card/form.tsx": `import { x } from "@/lib/payments/payme/receipts";`,
    "lib/payments/payme/receipts/poll.ts": `import { x } from "../provider";`,
    "lib/payments/payme/receipts/poll.test.ts": `import { x } from "../../../admin/anything";`,
  };

  it("passes a tree that keeps the rule", () => {
    expect(providerFolders(tree(base))).toEqual(["payme"]);
    expect(providerFolderViolations(tree(base))).toEqual([]);
  });

  it("fails on a deliberate violation: shared admin code importing Payme's receipts", () => {
    const violations = providerFolderViolations(
      tree({ ...base, "app/admin/actions/order-actions.ts": `import { cancelOpenReceipts } from "@/lib/payments/payme/receipts";` }),
    );
    expect(violations).toEqual([{ rule: "provider-folder", file: "app/admin/actions/order-actions.ts", detail: "imports @/lib/payments/payme/receipts (payme's folder)" }]);
  });

  it("fails when one provider's folder imports another's, or another provider's UI does", () => {
    const violations = providerFolderViolations(
      tree({
        ...base,
        "lib/payments/click/provider.ts": `import { x } from "../payme/receipts";`,
        "components/click/pay.tsx": `import { x } from "@/lib/payments/payme/receipts";`,
      }),
    );
    expect(violations.map((violation) => violation.file)).toEqual(["lib/payments/click/provider.ts", "components/click/pay.tsx"]);
  });
});

describe("the store never imports the emulators", () => {
  const base = {
    "lib/sandbox/start-sandbox.ts": `export async function startSandbox() {}`,
    "scripts/sandbox.ts": `import { startSandbox } from "../lib/sandbox/start-sandbox";`,
    "server.ts": `async function start() { const { startSandbox } = await import("./lib/sandbox/start-sandbox"); }`,
    "lib/sandbox/start-sandbox.test.ts": `import { startSandbox } from "./start-sandbox";`,
  };

  it("allows server.ts's one lazy import and the sandbox's own entry", () => {
    expect(storeImportsSandboxViolations(tree(base))).toEqual([]);
  });

  it("fails on a deliberate violation: a page importing an emulator", () => {
    const violations = storeImportsSandboxViolations(tree({ ...base, "app/page.tsx": `import { cards } from "@/lib/sandbox/payme-subscribe/test-cards";` }));
    expect(violations).toEqual([{ rule: "store-imports-sandbox", file: "app/page.tsx", detail: "imports @/lib/sandbox/payme-subscribe/test-cards" }]);
  });

  it("fails when server.ts imports the sandbox statically", () => {
    const violations = storeImportsSandboxViolations(tree({ ...base, "server.ts": `import { startSandbox } from "./lib/sandbox/start-sandbox";` }));
    expect(violations.map((violation) => violation.file)).toEqual(["server.ts"]);
  });
});

describe("the emulators import no store database or order code", () => {
  const base = {
    "lib/sandbox/payme-subscribe/emulator.ts": `import { z } from "zod"; import { locales } from "../../i18n/locales"; import type { Db } from "../../db";`,
    "lib/i18n/locales.ts": `export const locales = [];`,
    "lib/db/index.ts": `export type Db = {};`,
  };

  it("passes a tree that keeps the rule (a type-only import loads nothing)", () => {
    expect(sandboxImportsStoreViolations(tree(base))).toEqual([]);
  });

  it("fails on a deliberate violation reached through another file, naming the chain", () => {
    const violations = sandboxImportsStoreViolations(
      tree({
        ...base,
        "lib/sandbox/payme-subscribe/emulator.ts": `import { credentials } from "../../payments/payme/payme-settings";`,
        "lib/payments/payme/payme-settings.ts": `import { readSettings } from "../../settings/settings";`,
        "lib/settings/settings.ts": `import { sql } from "../db";`,
      }),
    );
    expect(violations).toEqual([
      { rule: "sandbox-imports-store", file: "lib/sandbox/payme-subscribe/emulator.ts", detail: "loads lib/payments/payme/payme-settings.ts → lib/settings/settings.ts" },
      { rule: "sandbox-imports-store", file: "lib/sandbox/payme-subscribe/emulator.ts", detail: "loads lib/payments/payme/payme-settings.ts → lib/settings/settings.ts → lib/db/index.ts" },
    ]);
  });

  it("fails on an emulator importing the order code", () => {
    const violations = sandboxImportsStoreViolations(tree({ ...base, "lib/sandbox/x.ts": `import { recordLedgerEntry } from "../orders/ledger";`, "lib/orders/ledger.ts": `` }));
    expect(violations.map((violation) => violation.file)).toEqual(["lib/sandbox/x.ts"]);
  });
});

describe("today's source tree", () => {
  const violations = importBoundaryViolations(readSourceTree(root));

  it("keeps every import boundary, apart from the known violations other developers fix", () => {
    expect(violations.filter((violation) => !isKnown(violation))).toEqual([]);
  });

  it("lists no known violation that no longer happens (delete the entry when its file is fixed)", () => {
    const stale = knownViolations.filter((known) => !violations.some((violation) => violation.file === known.file && violation.detail.includes(known.detail)));
    expect(stale).toEqual([]);
  });
});
