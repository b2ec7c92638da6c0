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
    "lib/payments/shopper-actions.ts": `import { payWithCard } from "./payme/saved-cards/shopper-actions";`,
    "scripts/payme-sandbox-check.ts": `import { x } from "../lib/payments/payme/receipts";`,
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

  it("fails on a deliberate violation: a shop page importing Payme's card actions instead of taking them from the registry", () => {
    const violations = providerFolderViolations(
      tree({ ...base, "app/(shop)/orders/[id]/page.tsx": `import { payWithCard } from "@/lib/payments/payme/saved-cards/shopper-actions";` }),
    );
    expect(violations).toEqual([
      { rule: "provider-folder", file: "app/(shop)/orders/[id]/page.tsx", detail: "imports @/lib/payments/payme/saved-cards/shopper-actions (payme's folder)" },
    ]);
  });

  it("fails on a deliberate violation: the proxy or a script of another provider importing Payme's URLs", () => {
    const violations = providerFolderViolations(
      tree({
        ...base,
        "proxy.ts": `import { paymeSubscribeUrl } from "@/lib/payments/payme/payme-urls";`,
        "scripts/click-check.ts": `import { x } from "../lib/payments/payme/receipts";`,
        "scripts/check-payme.ts": `import { x } from "../lib/payments/payme/receipts";`,
      }),
    );
    expect(violations.map((violation) => violation.file)).toEqual(["proxy.ts", "scripts/click-check.ts", "scripts/check-payme.ts"]);
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

  it("fails on a deliberate violation: an emulator loading its provider's store-side settings (the database through them)", () => {
    const violations = sandboxImportsStoreViolations(
      tree({
        ...base,
        "lib/sandbox/config.ts": `import { sandboxPaymeCredentials } from "../payments/payme/payme-settings";`,
        "lib/payments/payme/payme-settings.ts": `import { readSettings } from "../../settings/settings";`,
        "lib/settings/settings.ts": ``,
      }),
    );
    expect(violations).toEqual([{ rule: "sandbox-imports-store", file: "lib/sandbox/config.ts", detail: "loads lib/payments/payme/payme-settings.ts → lib/settings/settings.ts" }]);
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
