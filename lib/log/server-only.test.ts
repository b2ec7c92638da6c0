import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { edgesOf, reachableFrom, readSourceTree, type SourceTree } from "../boundaries/import-graph";

/*
 * pino and prom-client are server code (issue 15): no browser bundle may carry them. Every
 * client entry ("use client" file) is followed through its run-time imports — stopping at
 * server actions ("use server": the bundle gets a reference, not the code) — and must reach
 * neither lib/log, lib/metrics, nor a file importing pino or prom-client.
 */

const root = fileURLToPath(new URL("../..", import.meta.url));
const SERVER_PACKAGES = new Set(["pino", "prom-client"]);
const SERVER_FOLDERS = [/^lib\/log\//, /^lib\/metrics\//];

const directive = (text: string, name: string) => new RegExp(`^(?:\\s|//[^\\n]*\\n|/\\*[\\s\\S]*?\\*/)*["']${name}["']`).test(text);

/** Each client entry's path to server-only code, as `entry → … → file (why)`. */
function serverCodeInClientBundles(tree: SourceTree): string[] {
  const found: string[] = [];
  for (const [file, text] of tree) {
    if (/\.test\.tsx?$/.test(file) || !directive(text, "use client")) continue;
    const reached = reachableFrom(tree, file, (edge) => !edge.typeOnly && !directive(tree.get(edge.target + ".ts") ?? tree.get(edge.target + ".tsx") ?? "", "use server"));
    for (const [path, chain] of reached) {
      const packages = edgesOf(tree, path).filter((edge) => !edge.typeOnly && SERVER_PACKAGES.has(edge.specifier));
      if (SERVER_FOLDERS.some((folder) => folder.test(path))) found.push(`${chain.join(" → ")} (server-only folder)`);
      for (const edge of packages) found.push(`${chain.join(" → ")} (imports ${edge.specifier})`);
    }
  }
  return found;
}

describe("the log and the metrics stay out of browser bundles", () => {
  it("finds a client component that reaches the logger (the check works)", () => {
    const tree: SourceTree = new Map([
      ["components/a.tsx", `"use client";\nimport { b } from "../lib/b";`],
      ["lib/b.ts", `import { logger } from "./log/logger";`],
      ["lib/log/logger.ts", `import pino from "pino";`],
      ["components/c.tsx", `"use client";\nimport { act } from "../lib/act";`],
      ["lib/act.ts", `"use server";\nimport { logger } from "./log/logger";`],
      ["components/d.tsx", `"use client";\nimport type { Logger } from "../lib/log/logger";`],
    ]);
    expect(serverCodeInClientBundles(tree)).toEqual([
      "components/a.tsx → lib/b.ts → lib/log/logger.ts (server-only folder)",
      "components/a.tsx → lib/b.ts → lib/log/logger.ts (imports pino)",
    ]);
  });

  it("no client component of the store reaches pino, prom-client, lib/log or lib/metrics", () => {
    const tree = readSourceTree(root);
    expect([...tree.keys()].filter((file) => directive(tree.get(file)!, "use client")).length).toBeGreaterThan(5);
    expect(serverCodeInClientBundles(tree)).toEqual([]);
  });
});
