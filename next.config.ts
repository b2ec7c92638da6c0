import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, HSTS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Where the build goes (default .next); scripts/start.mjs reads the same variable.
  distDir: process.env.TOLOV_DIST_DIR || ".next",
  poweredByHeader: false,
  experimental: {
    // proxy.ts makes Next.js buffer a page request's body (server actions) up to this much.
    proxyClientMaxBodySize: "1mb",
  },
  // Static files too (pages and the API get these and the CSP from proxy.ts).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      // The API stays out of proxy.ts (which would buffer request bodies): its CSP is set here.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      ...(process.env.PUBLIC_URL?.startsWith("https://")
        ? [{ source: "/:path*", headers: [{ key: "Strict-Transport-Security", value: HSTS }] }]
        : []),
    ];
  },
  // Native and database packages run from node_modules, not from the bundle; prom-client too, so
  // server.ts and the routes share one registry (pino is on Next.js's own list).
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@prisma/client", "prom-client"],
  // The app's own files only: tests, specs and scripts are checked by `npm run typecheck`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
