// DESIGN.md "Security rules": card numbers, expiry and SMS codes go from the browser to Payme
// only — never to our origin, our logs or our database. Card inputs have no `name`, the card form
// has no `action`.
//
// 1. Against the Playwright store: every request the browser sends to *our* origin during full
//    card payments (a one-time card, a card saved with a PIN, a payment with the saved card) is
//    recorded — URL, headers, body — and searched; the requests to the Subscribe emulator are
//    searched too, to prove the recording sees card data where it does go.
// 2. Against a store of our own (PAYMENTS_MODE=test, pointed at the Subscribe emulator run as a
//    separate process, as Payme is): after paying, the raw bytes of its SQLite files (database,
//    -wal, -shm) and everything else under its folder, and all it printed, hold neither the card
//    numbers nor the SMS code.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { appEnvironment, startApp, type App } from "../test/helpers/app";
import { freePort } from "../test/helpers/ports";
import { repoRoot } from "../test/helpers/paths";

const ONE_TIME = "8600069195406311";
const SAVABLE = "8600495473316478";
const CODE = "666666";
const PHONE = "+998901234567";

const spaced = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, "$1 ");
const EXPIRY = /(?<![0-9A-Za-z_-])03\s*(?:\/|%2F)?\s*99(?![0-9A-Za-z_-])/i;
const SMS_CODE = new RegExp(`(?<![0-9A-Za-z_-])${CODE}(?![0-9A-Za-z_-])`);

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** What in `text` looks like a card number, its expiry or the SMS code. */
function cardDataIn(text: string): string[] {
  const found: string[] = [];
  const views = [text, decoded(text)];
  for (const card of [ONE_TIME, SAVABLE]) {
    if (views.some((view) => view.includes(card) || view.includes(spaced(card)))) found.push(`card ${card}`);
    // Any separators at all between the digits (dashes, %20, JSON arrays of digits…).
    if (text.replace(/\D/g, "").includes(card) && !found.includes(`card ${card}`)) found.push(`card ${card} (split)`);
  }
  if (views.some((view) => EXPIRY.test(view))) found.push("expiry 03/99");
  if (views.some((view) => SMS_CODE.test(view))) found.push(`SMS code ${CODE}`);
  return found;
}

type Recorded = { url: string; method: string; text: string };

/** Records every request the page sends, with its headers and body, as one searchable text. */
function recordRequests(page: Page): { all: () => Promise<Recorded[]> } {
  const pending: Promise<Recorded>[] = [];
  page.on("request", (request: Request) => {
    pending.push(
      (async () => {
        const headers = await request.allHeaders().catch(() => request.headers());
        const body = request.postDataBuffer()?.toString("utf8") ?? "";
        return { url: request.url(), method: request.method(), text: [request.url(), JSON.stringify(headers), body].join("\n") };
      })(),
    );
  });
  return { all: () => Promise.all(pending) };
}

async function newOrder(request: APIRequestContext, baseURL: string): Promise<{ id: string }> {
  const response = await request.post(`${baseURL}/api/orders`, { data: { items: [{ sku: "KAZAN-8L", quantity: 1 }], customer: { phone: PHONE } } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string };
}

/** No input of the card panel has a `name`; none of its forms has an `action`. */
async function expectNothingSubmittable(page: Page): Promise<void> {
  const panel = page.getByTestId("payme-card");
  const inputs = panel.locator("input");
  expect(await inputs.count()).toBeGreaterThan(0);
  for (const input of await inputs.all()) expect(await input.getAttribute("name"), await input.evaluate((node) => node.outerHTML)).toBeNull();
  const forms = panel.locator("form");
  expect(await forms.count()).toBeGreaterThan(0);
  for (const form of await forms.all()) expect(await form.getAttribute("action")).toBeNull();
}

async function expectStatus(page: Page, status: string): Promise<void> {
  await expect(page.locator(`[data-testid=order-status][data-status=${status}]`)).toBeVisible({ timeout: 20_000 });
}

/** Three payments: a one-time card, a card saved under a PIN, then that saved card. Checks the form's markup at each step. */
async function payThreeWays(page: Page, request: APIRequestContext, baseURL: string): Promise<void> {
  const cardStep = async (number: string, pin?: string) => {
    const panel = page.getByTestId("payme-card");
    await panel.getByLabel("Card number").fill(spaced(number));
    await panel.getByLabel("Expiry date (MM/YY)").fill("03/99");
    if (pin) {
      await panel.getByLabel("Save the card on this device for next purchases").check();
      await panel.getByLabel("Choose a PIN (4 digits)").fill(pin);
      await panel.getByLabel("Repeat the PIN").fill(pin);
    }
    await expectNothingSubmittable(page);
    await panel.getByRole("button", { name: "Get the SMS code" }).click();
    await panel.getByLabel("Code from the SMS").fill(CODE);
    await expectNothingSubmittable(page);
    await panel.getByRole("button", { name: /^Pay UZS/ }).click();
    await expectStatus(page, "paid");
  };

  await page.goto(`${baseURL}/orders/${(await newOrder(request, baseURL)).id}?lang=en`);
  await cardStep(ONE_TIME);
  await page.goto(`${baseURL}/orders/${(await newOrder(request, baseURL)).id}?lang=en`);
  await cardStep(SAVABLE, "4826");
  await page.goto(`${baseURL}/orders/${(await newOrder(request, baseURL)).id}?lang=en`);
  const saved = page.getByTestId("saved-card");
  await saved.getByRole("button", { name: "Pay with this card" }).click();
  await saved.getByLabel("PIN of card •••• 6478").fill("4826");
  await expectNothingSubmittable(page);
  await saved.getByRole("button", { name: /^Pay UZS/ }).click();
  await expectStatus(page, "paid");
}

test("no request to our origin carries a card number, its expiry or the SMS code; the form cannot submit to us", async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const recorder = recordRequests(page);
  await payThreeWays(page, request, baseURL!);

  const requests = await recorder.all();
  const ours = requests.filter((recorded) => new URL(recorded.url).origin === new URL(baseURL!).origin);
  const toPayme = requests.filter((recorded) => new URL(recorded.url).pathname === "/payme/api" && recorded.method === "POST");
  // The server actions did run on our origin (the token, the receipt, the PIN went there)…
  expect(ours.filter((recorded) => recorded.method === "POST").length).toBeGreaterThan(5);
  // …and the recorder does see card data where it goes: to the Subscribe endpoint, another origin.
  expect(toPayme.length).toBeGreaterThanOrEqual(6);
  expect(new URL(toPayme[0]!.url).origin).not.toBe(new URL(baseURL!).origin);
  const sentToPayme = toPayme.map((recorded) => recorded.text).join("\n");
  expect(cardDataIn(sentToPayme)).toEqual(expect.arrayContaining([`card ${ONE_TIME}`, `card ${SAVABLE}`, "expiry 03/99", `SMS code ${CODE}`]));

  const leaks = ours.flatMap((recorded) => cardDataIn(recorded.text).map((what) => `${recorded.method} ${recorded.url}: ${what}`));
  expect(leaks).toEqual([]);
});

/** The files of a folder, recursively, as raw bytes (latin1 keeps every byte as one character). */
function rawFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return rawFiles(path);
    return [{ path, text: readFileSync(path).toString("latin1") }];
  });
}

async function startEmulator(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox.ts"], {
    cwd: repoRoot,
    env: appEnvironment({ ...env, HOST: "127.0.0.1", SANDBOX_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes("Tolov sandbox is serving")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the Subscribe emulator did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, output: () => output, url: `http://127.0.0.1:${port}/payme/api` };
}

test("after card payments, the store's database files, its folder and its logs hold no card number and no SMS code", async ({ page, request }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), "tolov-card-privacy-"));
  const credentials = { PAYME_MERCHANT_ID: randomBytes(12).toString("hex"), PAYME_TEST_KEY: randomBytes(16).toString("hex"), PAYME_BILLING: "false" };
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let store: App | undefined;
  try {
    // Payme's side: the emulator alone in its own process, with its own folder (it may log the code: it is Payme).
    mkdirSync(join(dir, "store"));
    emulator = await startEmulator({ ...credentials, DATA_DIR: join(dir, "payme"), SANDBOX_STORE_URL: "http://127.0.0.1:9" });
    // Our side: the store in test mode, pointed at that "Payme" like at checkout.test.paycom.uz.
    store = await startApp({
      databaseUrl: `file:${join(dir, "store", "tolov.db")}`,
      dataDir: join(dir, "store", "data"),
      env: { ...credentials, PAYMENTS_MODE: "test", PAYME_SUBSCRIBE_URL: emulator.url },
    });
    await payThreeWays(page, request, store.url);
    await store.stop();

    const files = rawFiles(join(dir, "store"));
    expect(files.map((file) => file.path.slice(dir.length))).toEqual(expect.arrayContaining(["/store/tolov.db"]));
    const database = files.map((file) => file.text).join("\n");
    // We read the right bytes: the saved card's masked number is there (in the db or its WAL).
    expect(database).toContain("860049******6478");
    for (const file of files) expect([file.path, cardDataIn(file.text).filter((what) => what.startsWith("card") || what.startsWith("SMS"))]).toEqual([file.path, []]);

    const logs = store.logs();
    expect(logs).toContain("payments mode: test");
    expect(cardDataIn(logs)).toEqual([]);
    // The code was sent — on Payme's side.
    expect(emulator.output()).toContain(`SMS code ${CODE} sent`);
  } finally {
    await store?.stop();
    if (emulator && emulator.child.exitCode === null) {
      const exited = new Promise((resolve) => emulator!.child.once("exit", resolve));
      emulator.child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
