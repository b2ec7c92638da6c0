import type { Env } from "../env";
import { sandboxConfigFromEnv, type SandboxConfig, type StoreSandboxCredentials } from "./config";
import { createSandboxServer, type SandboxServer } from "./server";
import { openSandboxStorage, sandboxStoragePath } from "./storage";

export type RunningSandbox = {
  /** Where a browser reaches it. */
  url: string;
  config: SandboxConfig;
  /** Where the cabinets' token is kept (DATA_DIR/sandbox-token, 0600). */
  tokenPath: string;
  /** Every emulator's pages for people (cabinets…): paths under `url`, with a label. */
  links: readonly { href: string; label: string }[];
  close(): Promise<void>;
};

export class SandboxPortBusyError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is already in use (another instance's sandbox, or set SANDBOX_PORT)`);
    this.name = "SandboxPortBusyError";
  }
}

/**
 * Starts the provider emulators (`npm start` in sandbox mode, or `npm run sandbox`): its own
 * storage file under DATA_DIR, its own port. `credentials`: the store's sandbox credentials per
 * provider (lib/sandbox/config.ts), for those the environment does not give.
 */
export async function startSandbox(
  env: Env,
  options: { log?: (message: string) => void; credentials?: StoreSandboxCredentials } = {},
): Promise<RunningSandbox> {
  const config = sandboxConfigFromEnv(env, options.credentials);
  const storage = openSandboxStorage(sandboxStoragePath(config.dataDir));
  let sandbox: SandboxServer | undefined;
  try {
    sandbox = createSandboxServer({ config, storage, log: options.log });
    const port = await sandbox.listen();
    const url = new URL(config.publicUrl);
    url.port = String(port);
    const running = sandbox;
    return {
      url: url.origin,
      config,
      tokenPath: config.tokenPath,
      links: running.modules.flatMap((module) => module.links),
      async close() {
        await running.close();
        storage.close();
      },
    };
  } catch (error) {
    await sandbox?.close().catch(() => undefined);
    storage.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") throw new SandboxPortBusyError(config.port);
    throw error;
  }
}
