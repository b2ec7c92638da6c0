import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Issue 15 §4's target: first-load JavaScript, gzip, of `/checkout` and the order page. Bytes
 * (KiB × 1024). Not reached yet: Next.js 16's own runtime (React DOM, the app router, Turbopack's
 * loader: build-manifest.json's `rootMainFiles`) is 128.9 KiB (gzip -9) before any line of the app, so the
 * target leaves the app under 1 KiB. `npm run bench` prints each page against it.
 */
export const PAGE_WEIGHT_TARGET_BYTES = 130 * 1024;

/**
 * What the page-weight test holds each page to (bytes, gzip): the figure measured when this
 * budget was last lowered, plus a little room (a ratchet; lower it when a page gets lighter).
 * Measured with Next.js 16.4.6 (Turbopack): /checkout 158.8 KiB, /orders/[id] 188.7 KiB, down
 * from 176.6 and 209.8 KiB (one language's messages, react-query on the order page only, the QR
 * code, card form and pay-by-phone loaded when shown).
 */
export const PAGE_WEIGHT_BUDGET_BYTES: Readonly<Record<string, number>> = {
  "/checkout": 161 * 1024,
  "/orders/[id]": 192 * 1024,
};

/** The storefront's pages, as Next.js names their routes (app-path-routes-manifest.json). */
export const SHOP_ROUTES = ["/", "/products/[sku]", "/cart", "/checkout", "/orders/[id]"] as const;

export type ChunkWeight = { file: string; gzipBytes: number };

export type PageWeight = {
  /** The route, e.g. `/orders/[id]`. */
  route: string;
  /** Every script the page loads before it is interactive, each once, largest first. */
  chunks: ChunkWeight[];
  /** Sum of `chunks`, gzip (level 9) bytes. */
  gzipBytes: number;
  /** Of `gzipBytes`: the framework's runtime every page loads (React, Next.js's router), whatever the app does. */
  runtimeGzipBytes: number;
};

type BuildManifest = { rootMainFiles?: string[]; polyfillFiles?: string[] };
type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/**
 * The `__RSC_MANIFEST[entry] = {…}` object of a route's `page_client-reference-manifest.js` (a
 * script Next.js writes next to the page's server code), read as JSON, not run.
 */
function readClientReferenceManifest(path: string, entry: string): ClientReferenceManifest {
  const source = readFileSync(path, "utf8");
  const key = `globalThis.__RSC_MANIFEST[${JSON.stringify(entry)}]`;
  const at = source.indexOf(key);
  if (at < 0) throw new Error(`${path} does not define ${key}`);
  const start = source.indexOf("{", at + key.length);
  const text = source.slice(start).trim().replace(/;\s*$/, "");
  return JSON.parse(text) as ClientReferenceManifest;
}

/**
 * First-load JavaScript of app-router pages in a production build (`next build`, Turbopack),
 * from the build's manifests, gzip-compressed file by file (level 9, as a static server would):
 * the framework's `rootMainFiles` (build-manifest.json) plus every chunk the route's client
 * reference manifest lists for its segments (root and group layouts, the page, its error and
 * not-found boundaries): what the browser fetches from the page's `<script>` tags. Polyfills
 * (loaded by old browsers only, `nomodule`) are left out, as `next build` used to.
 *
 * `distDir` is the build folder (`.next`, or `TOLOV_DIST_DIR`). Throws when it holds no build
 * or a route is not in it.
 */
export function measureFirstLoadJs(distDir: string, routes: readonly string[]): PageWeight[] {
  if (!existsSync(join(distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npm run build\``);
  const build = readJson<BuildManifest>(join(distDir, "build-manifest.json"));
  const runtime = build.rootMainFiles ?? [];
  if (runtime.length === 0) throw new Error(`${distDir}/build-manifest.json lists no rootMainFiles (not an app-router build?)`);
  // "/(shop)/orders/[id]/page" → "/orders/[id]"
  const entries = Object.entries(readJson<Record<string, string>>(join(distDir, "app-path-routes-manifest.json")));
  const sizes = new Map<string, number>();
  const gzipSize = (file: string) => {
    let size = sizes.get(file);
    if (size === undefined) {
      size = gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
      sizes.set(file, size);
    }
    return size;
  };

  return routes.map((route) => {
    const entry = entries.find(([, path]) => path === route)?.[0];
    if (!entry) throw new Error(`route ${route} is not in ${distDir}/app-path-routes-manifest.json`);
    const manifest = readClientReferenceManifest(join(distDir, "server", "app", `${entry}_client-reference-manifest.js`), entry);
    const files = new Set(runtime);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const file of chunks) files.add(file);
    const chunks = [...files].map((file) => ({ file, gzipBytes: gzipSize(file) })).sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      route,
      chunks,
      gzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
      runtimeGzipBytes: runtime.reduce((sum, file) => sum + gzipSize(file), 0),
    };
  });
}

/** The text of a built file (`static/chunks/….js`) of `distDir`. */
export function readBuiltFile(distDir: string, file: string): string {
  return readFileSync(join(distDir, file), "utf8");
}

/** "176.6 KiB" */
export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A table of pages' first-load JavaScript for `npm run bench`: total, framework runtime, the app's own part. */
export function pageWeightReport(weights: readonly PageWeight[]): string {
  const lines = [
    `First-load JavaScript per page (gzip, production build; issue 15's target ${formatKiB(PAGE_WEIGHT_TARGET_BYTES)} for /checkout and the order page)`,
    `${"page".padEnd(18)}${"total".padStart(12)}${"runtime".padStart(12)}${"app".padStart(12)}${"test budget".padStart(14)}`,
  ];
  for (const weight of weights) {
    const budget = PAGE_WEIGHT_BUDGET_BYTES[weight.route];
    lines.push(
      `${weight.route.padEnd(18)}${formatKiB(weight.gzipBytes).padStart(12)}${formatKiB(weight.runtimeGzipBytes).padStart(12)}` +
        `${formatKiB(weight.gzipBytes - weight.runtimeGzipBytes).padStart(12)}${(budget ? formatKiB(budget) : "-").padStart(14)}`,
    );
  }
  lines.push("(runtime: Next.js and React, loaded by every page whatever the app does; app: the layouts' and the page's own chunks)");
  return lines.join("\n");
}
