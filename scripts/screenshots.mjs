// `npm run screenshots`: the README's pictures (docs/screenshots/*.png), taken by the Playwright
// spec e2e/readme-screenshots.spec.ts against a freshly started e2e store. Only this command
// writes into docs/; the same spec in `npm test` writes into test-results/.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const playwright = join(root, "node_modules", "@playwright", "test", "cli.js");
const run = spawnSync(process.execPath, [playwright, "test", "e2e/readme-screenshots.spec.ts", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, TOLOV_SCREENSHOTS: "1" },
});
process.exit(run.status ?? 1);
