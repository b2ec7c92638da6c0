import jsQR from "jsqr";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildPaymeCheckoutLink } from "@/lib/payments/payme/checkout-link";
import { QrCode } from "./qr-code";

/** Rasterizes our SVG in the test itself: reads the viewBox and the path's module runs into RGBA pixels. */
function rasterize(svg: string, pixelsPerModule = 4): { data: Uint8ClampedArray; width: number; height: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const path = /<path d="([^"]*)"/.exec(svg);
  if (!viewBox || !path) throw new Error("not our QR SVG");
  const modules = Number(viewBox[1]);
  expect(Number(viewBox[2])).toBe(modules);
  const width = modules * pixelsPerModule;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  const runs = [...path[1]!.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  // Every command of the path is a run we understand: nothing is silently skipped.
  expect(runs.map((run) => run[0]).join("")).toBe(path[1]);
  for (const [, x, y, length] of runs) {
    for (let col = Number(x); col < Number(x) + Number(length); col++) {
      for (let dy = 0; dy < pixelsPerModule; dy++) {
        for (let dx = 0; dx < pixelsPerModule; dx++) {
          const offset = ((Number(y) * pixelsPerModule + dy) * width + col * pixelsPerModule + dx) * 4;
          data[offset] = data[offset + 1] = data[offset + 2] = 0;
        }
      }
    }
  }
  return { data, width, height: width };
}

describe("QrCode, with a Payme checkout link", () => {
  it("renders the GET link as an SVG QR code that decodes back to the same link", () => {
    const link = buildPaymeCheckoutLink({
      checkoutUrl: "http://127.0.0.1:3901/payme",
      merchantId: "9f0c8c1e2d3b4a5f6e7d8c9b",
      account: { order_id: "1042" },
      amount: 125_000_000n,
      lang: "ru",
      callback: "http://127.0.0.1:3900/orders/Zk3p9Qw2xYb7LmN4sT8uVa?payme=:transaction",
      callbackTimeoutMs: 15000,
    });
    const svg = renderToStaticMarkup(<QrCode value={link} title="QR" />);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('role="img"');
    const image = rasterize(svg);
    const decoded = jsQR(image.data, image.width, image.height);
    expect(decoded?.data).toBe(link);
  });

  it("decodes the docs' example link", () => {
    const link = "https://checkout.paycom.uz/bT01ODdmNzJjNzJjYWMwZDE2MmM3MjJhZTI7YWMub3JkZXJfaWQ9MTk3O2E9NTAw";
    const image = rasterize(renderToStaticMarkup(<QrCode value={link} title="QR" />), 3);
    expect(jsQR(image.data, image.width, image.height)?.data).toBe(link);
  });
});
