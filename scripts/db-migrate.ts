// `npm run db:migrate`: applies pending migrations to DATABASE_URL (npm start does it too).
import { env } from "../lib/env";
import { applyPendingMigrations, withDatabaseLock } from "../lib/db/migrate";

const url = env().DATABASE_URL;
const applied = await withDatabaseLock(url, () => applyPendingMigrations(url));
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
