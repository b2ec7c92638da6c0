// Issue 15 §4: first-load JavaScript (gzip) of the checkout and the order page, read from the
// production build's manifests (lib/page-weight/first-load-js.ts). `npm test` builds before the
// unit project runs; run alone, this file makes the build itself (`ensureBuild`: nothing to do
// when the sources did not change), so it never passes without measuring.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuild } from "../../test/helpers/build";
import { repoRoot } from "../../test/helpers/paths";
import { formatKiB, measureFirstLoadJs, PAGE_WEIGHT_BUDGET_BYTES, readBuiltFile, SHOP_ROUTES, type PageWeight } from "./first-load-js";

const distDir = join(repoRoot, process.env.TOLOV_DIST_DIR || ".next");
let weights: PageWeight[] = [];

beforeAll(() => {
  ensureBuild();
  weights = measureFirstLoadJs(distDir, SHOP_ROUTES);
}, 20 * 60_000);

function weightOf(route: string): PageWeight {
  const weight = weights.find((candidate) => candidate.route === route);
  if (!weight) throw new Error(`${route} was not measured`);
  return weight;
}

const listChunks = (weight: PageWeight) => weight.chunks.map((chunk) => `${chunk.file} ${formatKiB(chunk.gzipBytes)}`).join(", ");

describe("first-load JavaScript of the shop's pages", () => {
  it("counts the framework's runtime and each page's own chunks, each file once", () => {
    expect(weights.map((weight) => weight.route)).toEqual([...SHOP_ROUTES]);
    for (const weight of weights) {
      expect(new Set(weight.chunks.map((chunk) => chunk.file)).size, weight.route).toBe(weight.chunks.length);
      expect(weight.runtimeGzipBytes, weight.route).toBeGreaterThan(50 * 1024);
      expect(weight.gzipBytes, weight.route).toBeGreaterThan(weight.runtimeGzipBytes);
    }
  });

  for (const route of ["/checkout", "/orders/[id]"]) {
    it(`${route} stays within its budget`, () => {
      const weight = weightOf(route);
      const budget = PAGE_WEIGHT_BUDGET_BYTES[route]!;
      expect(weight.gzipBytes, `${route}: ${formatKiB(weight.gzipBytes)} over ${formatKiB(budget)} (${listChunks(weight)})`).toBeLessThanOrEqual(budget);
    });
  }

  it("no page loads a message catalog or the QR code library up front", () => {
    // The shop's texts come with the page's server-rendered data, in its language only; the
    // `qrcode` package arrives when a QR code is shown (components/ui/lazy-qr-code.tsx).
    const marks = ["Savatga qo'shish", "Add to cart", "Перейти в каталог", "bad maskPattern"];
    for (const weight of weights) {
      for (const chunk of weight.chunks) {
        const text = readBuiltFile(distDir, chunk.file);
        expect(marks.filter((mark) => text.includes(mark)), `${weight.route}: ${chunk.file}`).toEqual([]);
      }
    }
  });

  it("only the order page loads react-query (the checkout posts its order with a plain fetch)", () => {
    const mark = "No QueryClient set"; // react-query's own error text, kept by minification
    const loads = (route: string) => weightOf(route).chunks.some((chunk) => readBuiltFile(distDir, chunk.file).includes(mark));
    expect(SHOP_ROUTES.filter(loads)).toEqual(["/orders/[id]"]);
  });
});
