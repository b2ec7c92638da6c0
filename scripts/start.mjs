// `npm start`: build the app when there is no build of the current sources, then run server.ts.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
// TOLOV_DIST_DIR lets several checkouts' builds live side by side (next.config.ts reads it too).
const distDir = process.env.TOLOV_DIST_DIR || ".next";
const stampFile = join(root, distDir, "tolov-source-stamp");

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Generated clients and the emulators (never in the store's build) don't need a rebuild.
    if (entry.name === "generated" || entry.name === "sandbox" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield path;
  }
}

function sourceStamp() {
  const hash = createHash("sha256");
  for (const dir of ["app", "components", "lib"]) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of [...files(join(root, dir))].sort()) hash.update(`${file}:${statSync(file).mtimeMs}\n`);
  }
  for (const file of ["next.config.ts", "proxy.ts", "package-lock.json", "tsconfig.json", "tsconfig.build.json"]) {
    if (existsSync(join(root, file))) hash.update(`${file}:${statSync(join(root, file)).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

const stamp = sourceStamp();
const built = existsSync(join(root, distDir, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;
if (!built) {
  console.log("Building the store (first start or changed sources)…");
  const build = spawnSync(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stampFile, stamp);
}
// `--build-only` (used by `npm test`): make sure a build of the current sources exists, then stop.
if (process.argv.includes("--build-only")) process.exit(0);

// One process: load TypeScript through tsx's loader and run the server in it, so signals reach it.
process.env.NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const { register } = await import("tsx/esm/api");
register();
await import(join(root, "server.ts"));
