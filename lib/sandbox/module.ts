import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxConfig } from "./config";
import type { SandboxStorage } from "./storage";

/** What every emulator module gets from the sandbox server. */
export type SandboxContext = {
  config: SandboxConfig;
  storage: SandboxStorage;
  log: (message: string) => void;
};

/**
 * One emulator (Payme's hosted checkout, Payme's Subscribe API, Click…). The server asks each
 * module in turn; the first that returns true has answered the request.
 */
export interface SandboxModule {
  readonly name: string;
  /** Shown on the sandbox's index page. */
  readonly links: readonly { href: string; label: string }[];
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Stops background work (timers, payments in flight) when the server closes. */
  close?(): Promise<void>;
}

export type SandboxModuleFactory = (context: SandboxContext) => SandboxModule;
