// Global setup of the `sqlite` and `postgresql` vitest projects: a build of the store must
// exist before tests spawn it, and the PostgreSQL project needs a server to talk to.
import type { TestProject } from "vitest/node";
import { ensureBuild } from "./build";
import { isPostgresReachable, testPgUrl } from "./database";

export default async function setup(project: TestProject): Promise<void> {
  if (project.config.env?.TEST_DATABASE === "postgresql" && !(await isPostgresReachable())) {
    throw new Error(
      `The postgresql tests need a PostgreSQL server: none answers at ${testPgUrl()} (set TEST_PG_URL to one where the user may CREATE DATABASE).`,
    );
  }
  ensureBuild();
}
