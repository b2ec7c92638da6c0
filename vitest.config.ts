// Three projects (run one with `npx vitest run --project <name>`; `npm test` runs them all):
//   unit        lib/** and components/** tests, no database server, no app
//   sqlite      test/** integration tests against fresh SQLite files and the real store
//   postgresql  the same test/** files against fresh PostgreSQL databases (TEST_PG_URL)
// A file named `*.sqlite.test.ts` runs in the sqlite project only, `*.postgresql.test.ts` in the
// postgresql project only (e.g. two instances behind a proxy: PostgreSQL is what runs several).
// The integration projects spawn the built store (test/helpers/global-setup.ts builds it when
// the sources changed). Tests within a file run one after another; files run in parallel, each
// with its own databases and servers.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

function integrationProject(kind: "sqlite" | "postgresql", groupOrder: number) {
  return {
    extends: true as const,
    test: {
      name: kind,
      include: ["test/**/*.test.ts"],
      exclude: [`test/**/*.${kind === "sqlite" ? "postgresql" : "sqlite"}.test.ts`],
      environment: "node",
      // Tests place many orders from 127.0.0.1; test/security-limits.test.ts checks the real limit.
      env: { TEST_DATABASE: kind, TOLOV_ORDERS_PER_MINUTE: "0" },
      globalSetup: ["test/helpers/global-setup.ts"],
      // Each file starts real store processes: two files at a time is what 2 cores can take.
      maxWorkers: 2,
      testTimeout: 120_000,
      hookTimeout: 180_000,
      sequence: { groupOrder, concurrent: false },
    },
  };
}

export default defineConfig({
  resolve: {
    // `@/lib/…` as in tsconfig.json (a regex, so `@prisma/…` is left alone).
    alias: [{ find: /^@\//, replacement: root }],
  },
  test: {
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx"],
          environment: "node",
          // Dispatchers under test write their structured log lines; lib/log's own tests read theirs.
          env: { LOG_LEVEL: "silent" },
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
      integrationProject("sqlite", 1),
      integrationProject("postgresql", 2),
    ],
  },
});
