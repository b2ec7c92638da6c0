import type { Env, PaymentsMode } from "../env";

/** Environment variables that override a provider's base URL in every mode (DESIGN.md "Contract"). */
export type ProviderUrlOverride =
  | "PAYME_CHECKOUT_URL"
  | "PAYME_SUBSCRIBE_URL"
  | "CLICK_PAY_URL"
  | "CLICK_API_URL"
  | "ROBOKASSA_PAY_URL"
  | "ROBOKASSA_API_URL";

/**
 * One base URL of a provider, as the provider's folder declares it: the path under the sandbox
 * server (lib/sandbox mounts each emulator there), the provider's test platform and production
 * hosts, and the environment variable that overrides all three.
 */
export type ProviderUrlSpec = {
  sandboxPath: `/${string}`;
  test: string;
  live: string;
  override: ProviderUrlOverride;
};

/**
 * A spec for a provider whose test mode uses its production host with a test cashbox (Click,
 * Robokassa): `host` serves both modes.
 */
export function productionHostSpec(override: ProviderUrlOverride, sandboxPath: `/${string}`, host: string): ProviderUrlSpec {
  return { sandboxPath, test: host, live: host, override };
}

export type ProviderUrlEnv = Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT"> & Partial<Pick<Env, ProviderUrlOverride>>;

/**
 * Where the sandbox server (lib/sandbox) answers, as the shopper's browser reaches it: the
 * store's public host on SANDBOX_PORT. It is a separate server with its own origin, so the
 * browser talks to it exactly as it talks to the providers.
 */
export function sandboxOrigin(env: Pick<Env, "PUBLIC_URL" | "SANDBOX_PORT">): string {
  // `hostname` keeps an IPv6 address's brackets.
  return `http://${new URL(env.PUBLIC_URL).hostname}:${env.SANDBOX_PORT}`;
}

/** The URL for the provider's mode: the environment override if set, else the mode's host. */
export function providerUrl(spec: ProviderUrlSpec, mode: PaymentsMode, env: ProviderUrlEnv): string {
  const override = env[spec.override];
  if (override) return override;
  return mode === "sandbox" ? `${sandboxOrigin(env)}${spec.sandboxPath}` : spec[mode];
}
