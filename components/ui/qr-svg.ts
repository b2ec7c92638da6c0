import QRCode from "qrcode";

/** Light modules around the symbol, as the QR standard asks (4 modules). */
export const QR_QUIET_ZONE = 4;

export type QrSvg = {
  /** Modules per side, quiet zone included: the SVG's viewBox is `0 0 size size`. */
  size: number;
  /** One path of the dark modules: `M{x} {y}h{run}v1h-{run}z` per horizontal run. */
  path: string;
};

/**
 * A QR code as SVG path data, built from the `qrcode` package's module matrix: no canvas, no
 * script from a CDN, the same in the browser and on the server.
 */
export function qrSvg(text: string, errorCorrectionLevel: "L" | "M" | "Q" | "H" = "M"): QrSvg {
  const { modules } = QRCode.create(text, { errorCorrectionLevel });
  const runs: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        const run = col - start;
        runs.push(`M${start + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${run}v1h-${run}z`);
        start = -1;
      }
    }
  }
  return { size: modules.size + 2 * QR_QUIET_ZONE, path: runs.join("") };
}
