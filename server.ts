// The store's process: prepare the database, then serve Next.js behind a plain node:http
// server (so provider callbacks can later be routed around the framework where speed matters).
import { createServer } from "node:http";
import next from "next";
import { prepareStart } from "./lib/bootstrap";
import { EnvError } from "./lib/env";

const dev = process.argv.includes("--dev");

async function main() {
  const report = await prepareStart();
  const { PORT, HOST, PUBLIC_URL, DATABASE_URL, PAYMENTS_MODE } = report.env;
  if (report.appliedMigrations.length) console.log(`Migrations applied: ${report.appliedMigrations.join(", ")}`);
  if (report.seededProducts) console.log(`Demo catalog seeded: ${report.seededProducts} products`);
  if (report.generatedAdminPassword) {
    console.log(`Generated admin password (shown once, kept in ${report.secretsPath}): ${report.generatedAdminPassword}`);
  }

  const app = next({ dev, dir: process.cwd(), hostname: HOST, port: PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.listen(PORT, HOST, () => {
    const db = DATABASE_URL.startsWith("file:") ? "SQLite" : "PostgreSQL";
    console.log(`Tolov is serving ${PUBLIC_URL} (${db}, payments mode: ${PAYMENTS_MODE})`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    console.error("Tolov could not start:", error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
