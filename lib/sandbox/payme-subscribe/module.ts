import type { SandboxContext, SandboxModule } from "../module";
import { createSubscribeEmulator, type SubscribeEmulatorOptions } from "./emulator";

/** `true`/`false`/`1`/`0`/`yes`/`no`; anything else is the default. */
function parseBoolean(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === "") return fallback;
  return ["true", "1", "yes"].includes(value.trim().toLowerCase());
}

/**
 * Whether the emulated cashbox has billing: the sandbox's own setting `payme.billing` when its
 * page set one, else PAYME_BILLING (the variable the store seeds its setting from), else true.
 * Both sides must agree, as a real cashbox and its shop do.
 */
export function sandboxBilling(context: SandboxContext): boolean {
  return parseBoolean(context.storage.getSetting("payme.billing") ?? process.env.PAYME_BILLING, true);
}

/**
 * The Subscribe emulator as a module of the sandbox server (lib/sandbox/server.ts): it answers
 * `POST|OPTIONS /payme/api` and lets everything else through. Put it before the hosted
 * checkout, whose GET links take other paths under `/payme/`.
 */
export function createPaymeSubscribeModule(
  context: SandboxContext,
  overrides: Partial<SubscribeEmulatorOptions> = {},
): SandboxModule & { tick(): Promise<void> } {
  const emulator = createSubscribeEmulator({
    storePaymeUrl: () => `${context.config.storeUrl.replace(/\/+$/, "")}/api/payme`,
    merchantId: () => context.config.payme.merchantId,
    testKey: () => context.config.payme.testKey,
    login: context.config.payme.login,
    billing: () => sandboxBilling(context),
    db: context.storage.db,
    log: (message) => context.log(`payme subscribe: ${message}`),
    ...overrides,
  });
  return {
    name: "payme-subscribe",
    links: [],
    handle: async (req, res) => emulator(req, res),
    tick: () => emulator.tick(),
    close: () => emulator.close(),
  };
}
