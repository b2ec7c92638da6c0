import { edgesOf, reachableFrom, type SourceTree } from "./import-graph";

/*
 * The import boundaries of issue 8 (lib/payments/README.md says why):
 * 1. a provider's folder (lib/payments/<provider>/) is imported only by the registry
 *    (registry.ts, and shopper-actions.ts for Next.js), that provider's route files
 *    (app/api/<provider>/…, app/…/<provider>-…/), UI components (components/<provider>/…,
 *    components/<provider>-…/) and command-line tools (scripts/<provider>-….ts);
 * 2. the store's code never imports the emulators (lib/sandbox/), except server.ts's one lazy
 *    `import()` and the sandbox's own entry (scripts/sandbox.ts);
 * 3. the emulators import no store database or order code, directly or through other files.
 * Tests (`*.test.ts(x)`, test/, e2e/) may import anything.
 */

export type Violation = { rule: "provider-folder" | "store-imports-sandbox" | "sandbox-imports-store"; file: string; detail: string };

const isTest = (path: string) => /\.test\.tsx?$/.test(path) || path.startsWith("test/") || path.startsWith("e2e/") || path.includes("/fixtures/");

/** Provider folders: every lib/payments/<name>/ holding a provider.ts (its registry entry). */
export function providerFolders(tree: SourceTree): string[] {
  const names = new Set<string>();
  for (const path of tree.keys()) {
    const match = /^lib\/payments\/([a-z0-9-]+)\/provider\.tsx?$/.exec(path);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

function inFolder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/**
 * The registry: registry.ts (every process) and its Next.js half, shopper-actions.ts (the
 * order-page UI's server actions, `server-only`).
 */
export const REGISTRY_FILES: ReadonlySet<string> = new Set(["lib/payments/registry.ts", "lib/payments/shopper-actions.ts"]);

/** Who may import from lib/payments/<provider>/ besides the folder itself. */
function mayImportProvider(file: string, provider: string): boolean {
  return (
    REGISTRY_FILES.has(file) ||
    // The provider's own routes: app/api/payme/…, and pages named for it (app/admin/payme-tester/…).
    new RegExp(`^app/(.+/)?${provider}(-[a-z0-9-]+)?/`).test(file) ||
    // components/payme/…, and a provider's UI split by feature: components/payme-card/…
    new RegExp(`^components/${provider}(-[a-z0-9-]+)?/`).test(file) ||
    // The provider's own command-line tools, named for it: scripts/payme-sandbox-check.ts.
    new RegExp(`^scripts/${provider}(-[a-z0-9-]+)?\\.ts$`).test(file)
  );
}

export function providerFolderViolations(tree: SourceTree): Violation[] {
  const providers = providerFolders(tree);
  const violations: Violation[] = [];
  for (const file of tree.keys()) {
    if (isTest(file)) continue;
    for (const edge of edgesOf(tree, file)) {
      if (!edge.target) continue;
      for (const provider of providers) {
        const folder = `lib/payments/${provider}`;
        if (inFolder(edge.target, folder) && !inFolder(file, folder) && !mayImportProvider(file, provider)) {
          violations.push({ rule: "provider-folder", file, detail: `imports ${edge.specifier} (${provider}'s folder)` });
        }
      }
    }
  }
  return violations;
}

/** server.ts may load the sandbox once, lazily (`await import(…)`), when a provider is in sandbox mode. */
const SANDBOX_ENTRIES = new Set(["scripts/sandbox.ts"]);

export function storeImportsSandboxViolations(tree: SourceTree): Violation[] {
  const violations: Violation[] = [];
  for (const file of tree.keys()) {
    if (isTest(file) || inFolder(file, "lib/sandbox") || SANDBOX_ENTRIES.has(file)) continue;
    const edges = edgesOf(tree, file).filter((edge) => edge.target && inFolder(edge.target, "lib/sandbox"));
    if (file === "server.ts") {
      const [first, ...rest] = edges;
      if (first && !first.dynamic) violations.push({ rule: "store-imports-sandbox", file, detail: `imports ${first.specifier} statically (only one lazy import() is allowed)` });
      for (const edge of rest) violations.push({ rule: "store-imports-sandbox", file, detail: `imports ${edge.specifier} (only one lazy import() is allowed)` });
      continue;
    }
    for (const edge of edges) violations.push({ rule: "store-imports-sandbox", file, detail: `imports ${edge.specifier}` });
  }
  return violations;
}

/** Store code the emulators must not load: the database, orders, settings storage, the admin, a provider's stateful parts. */
const STORE_ONLY = [
  /^lib\/db(\/|$)/,
  /^lib\/generated(\/|$)/,
  /^lib\/orders(\/|$)/,
  /^lib\/settings(\/|$)/,
  /^lib\/admin(\/|$)/,
  /^lib\/merchant-keys(\/|$)/,
  /^lib\/bootstrap$/,
  /^lib\/exchange-1c(\/|$)/,
  /^lib\/payments\/registry$/,
  /^lib\/payments\/[a-z0-9-]+\/(receipts|merchant-api|saved-cards|admin)(\/|$)/,
  /^lib\/payments\/[a-z0-9-]+\/provider$/,
];

export function sandboxImportsStoreViolations(tree: SourceTree): Violation[] {
  const violations: Violation[] = [];
  for (const file of tree.keys()) {
    if (!inFolder(file, "lib/sandbox") || isTest(file)) continue;
    // Type-only imports load nothing at run time.
    for (const [reached, chain] of reachableFrom(tree, file, (edge) => !edge.typeOnly)) {
      const target = reached.replace(/\.(ts|tsx|mts|js|mjs)$/, "").replace(/\/index$/, "");
      if (STORE_ONLY.some((pattern) => pattern.test(target))) {
        violations.push({ rule: "sandbox-imports-store", file, detail: `loads ${chain.slice(1).join(" → ")}` });
      }
    }
  }
  return violations;
}

export function importBoundaryViolations(tree: SourceTree): Violation[] {
  return [...providerFolderViolations(tree), ...storeImportsSandboxViolations(tree), ...sandboxImportsStoreViolations(tree)];
}

