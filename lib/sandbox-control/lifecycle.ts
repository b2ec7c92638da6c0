// When the sandbox runs (store side: reads the admin's modes; the emulators themselves live in lib/sandbox).
import type { PaymentsMode } from "../env";
import { sandboxWanted } from "./provider-modes";

/** What the lifecycle starts and stops (lib/sandbox/start-sandbox.ts in the store). */
export type StartedSandbox = { url: string; close(): Promise<void> };

export type SandboxLifecycleOptions = {
  /** The admin's per-provider modes, read fresh from the database. */
  readModes: () => Promise<Record<string, PaymentsMode>>;
  /** Starts the emulators; rejects with `isPortBusy(error)` when another instance holds SANDBOX_PORT. */
  start: () => Promise<StartedSandbox>;
  isPortBusy: (error: unknown) => boolean;
  /** Told of every fresh read (the pages' CSP follows the providers' modes, proxy.ts). */
  onModes?: (modes: Record<string, PaymentsMode>) => void;
  log: (message: string) => void;
};

/** How often every instance re-reads the modes (issue 10: at least every 5 s). */
export const SANDBOX_CHECK_INTERVAL_MS = 4_000;

/**
 * The sandbox runs while at least one provider is in sandbox mode and stops when none is,
 * without a restart. Several instances on one host: whichever binds SANDBOX_PORT runs it, the
 * others find the port busy and try again on the next check, quietly.
 */
export function createSandboxLifecycle(options: SandboxLifecycleOptions) {
  let running: StartedSandbox | undefined;
  let busyReported = false;

  /** One check: read the modes, then start or stop. Never throws (a failed read changes nothing). */
  async function check(): Promise<"running" | "stopped" | "busy"> {
    let modes: Record<string, PaymentsMode>;
    try {
      modes = await options.readModes();
    } catch (error) {
      options.log(`sandbox: could not read the providers' modes: ${error instanceof Error ? error.message : String(error)}`);
      return running ? "running" : "stopped";
    }
    options.onModes?.(modes);
    if (sandboxWanted(modes)) {
      if (running) return "running";
      try {
        running = await options.start();
        busyReported = false;
        options.log(`Sandbox (provider emulators) is serving ${running.url}`);
        return "running";
      } catch (error) {
        if (options.isPortBusy(error)) {
          if (!busyReported) options.log("Sandbox: its port is in use (another instance serves it); this instance will take over if it stops.");
          busyReported = true;
          return "busy";
        }
        options.log(`The sandbox did not start: ${error instanceof Error ? error.message : String(error)}`);
        return "stopped";
      }
    }
    if (running) {
      const stopping = running;
      running = undefined;
      await stopping.close().catch(() => undefined);
      options.log("Sandbox stopped: no provider is in sandbox mode.");
    }
    return "stopped";
  }

  return {
    check,
    get running() {
      return running !== undefined;
    },
    async stop() {
      const stopping = running;
      running = undefined;
      await stopping?.close();
    },
  };
}
