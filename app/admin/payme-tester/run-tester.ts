// What the Payme tester's server action does, apart from Next.js (which checks the admin session
// and origin first): pick the endpoint and key, run the sandbox scenarios. Our own key is used only against our
// own endpoint, and no answer ever contains a key.
import { z } from "zod";
import { runSandboxScenarios, storeOrderFactory, type SandboxScenarioOptions, type ScenarioCheck } from "@/lib/payments/payme/sandbox-scenarios";

/** Why the tester refused to run: an admin message key `tester.error.<code>` says it in the admin's language. */
export type TesterErrorCode = "url" | "live" | "no_key" | "foreign_key" | "order" | "amount";

export type TesterOutcome =
  | { ok: true; endpoint: string; checks: ScenarioCheck[]; passed: number; failed: number }
  | { ok: false; field?: "url" | "key" | "order" | "amount"; code?: TesterErrorCode; error: string };

export type TesterDeps = {
  /** The store's public base URL: `<publicUrl>/api/payme` is our endpoint. */
  publicUrl: string;
  /** Our cashbox settings for our own endpoint: the key of the current mode, login, account field. */
  ourPayme: () => Promise<{ key: string | undefined; login: string; accountField: string; live: boolean }>;
  run?: (options: SandboxScenarioOptions) => Promise<ScenarioCheck[]>;
  /** Marks an order the tester created in this store as a test order (hidden from the admin's list). */
  markTestOrder?: (orderNumber: number) => Promise<void>;
};

const field = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);
export const testerFields = z.object({
  url: field,
  key: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  order: field,
  amount: field,
});
export type TesterFields = z.input<typeof testerFields>;

export async function runPaymeTester(input: TesterFields, deps: TesterDeps): Promise<TesterOutcome> {
  const fields = testerFields.parse(input);

  const ours = `${deps.publicUrl.replace(/\/+$/, "")}/api/payme`;
  const url = fields.url ?? ours;
  let endpoint: URL;
  try {
    endpoint = new URL(url);
    if (endpoint.protocol !== "http:" && endpoint.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    return { ok: false, field: "url", code: "url", error: "The endpoint must be an http(s) URL." };
  }
  const isOurs = endpoint.origin === new URL(ours).origin && endpoint.pathname === new URL(ours).pathname;

  let key = fields.key;
  let login: string | undefined;
  let accountField: string | undefined;
  if (isOurs) {
    const settings = await deps.ourPayme();
    // The scenarios create, perform and cancel transactions: against a live cashbox they would
    // record payments and refunds without money behind them.
    if (settings.live) return { ok: false, field: "url", code: "live", error: "Payme is in live mode here: run the scenarios against a test or sandbox endpoint." };
    key ??= settings.key;
    login = settings.login;
    accountField = settings.accountField;
    if (!key) return { ok: false, field: "key", code: "no_key", error: "No Payme key is set for the current mode: set it in the settings, or enter one." };
  } else if (!key) {
    return { ok: false, field: "key", code: "foreign_key", error: "Enter the key this endpoint expects: our own key is only ever sent to our own endpoint." };
  }

  let order: SandboxScenarioOptions["order"];
  if (fields.order !== undefined || fields.amount !== undefined) {
    if (!fields.order || !/^[1-9]\d{0,9}$/.test(fields.order)) return { ok: false, field: "order", code: "order", error: "The order number must be a positive whole number." };
    if (!fields.amount || !/^[1-9]\d{0,15}$/.test(fields.amount)) return { ok: false, field: "amount", code: "amount", error: "Give the order's outstanding amount in tiyin." };
    order = { number: fields.order, amount: fields.amount };
  } else {
    const create = storeOrderFactory(endpoint.origin);
    // An order the scenarios create in this store is a test order: marked before they pay it.
    order = isOurs && deps.markTestOrder
      ? async () => {
          const created = await create();
          await deps.markTestOrder!(Number(created.number));
          return created;
        }
      : create;
  }

  const checks = await (deps.run ?? runSandboxScenarios)({ url: endpoint.toString(), key, login, accountField, order });
  const failed = checks.filter((check) => !check.ok).length;
  return { ok: true, endpoint: endpoint.toString(), checks, passed: checks.length - failed, failed };
}
