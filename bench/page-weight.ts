// `npm run bench`'s page-weight section (issue 15 §4): first-load JavaScript (gzip) of each shop
// page in the production build, from its manifests (lib/page-weight/first-load-js.ts), against
// the 130 KiB target and the test's budgets. Runnable alone: `npx tsx bench/page-weight.ts`.
import { join } from "node:path";
import { measureFirstLoadJs, pageWeightReport, SHOP_ROUTES } from "../lib/page-weight/first-load-js";
import { ensureBuild } from "../test/helpers/build";
import { repoRoot } from "../test/helpers/paths";

/** The printed section; builds first when the sources changed. Never throws: says why when it cannot measure. */
export function pageWeightBenchSection(log: (message: string) => void = () => {}): string {
  try {
    log("Page weight: making sure a production build of the current sources exists…");
    ensureBuild();
    return `\n${pageWeightReport(measureFirstLoadJs(join(repoRoot, process.env.TOLOV_DIST_DIR || ".next"), SHOP_ROUTES))}`;
  } catch (error) {
    return `\nPage weight not measured: ${error instanceof Error ? error.message : String(error)}`;
  }
}

if (process.argv[1]?.endsWith("page-weight.ts")) console.log(pageWeightBenchSection(console.error));
