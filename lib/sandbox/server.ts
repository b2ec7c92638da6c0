import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { clickEmulatorModule } from "./click";
import type { SandboxConfig } from "./config";
import { documentHtml, html } from "./html";
import { BodyTooLargeError, sendHtml } from "./http";
import type { SandboxContext, SandboxModule, SandboxModuleFactory } from "./module";
import { createPaymeCheckoutModule } from "./payme-checkout";
import { createPaymeSubscribeModule } from "./payme-subscribe/module";
import { robokassaEmulatorModule } from "./robokassa";
import type { SandboxStorage } from "./storage";

/**
 * The emulators, in the order the server asks them. Payme's Subscribe API (`/payme/api`) goes
 * before the hosted checkout, whose GET links take any other path under `/payme/`; Click's paths
 * are all under `/click/`.
 */
export const defaultModules: readonly SandboxModuleFactory[] = [
  createPaymeSubscribeModule,
  createPaymeCheckoutModule,
  // Robokassa (paths under /robokassa/, so the order does not matter).
  (context) =>
    context.config.robokassa
      ? robokassaEmulatorModule({ credentials: context.config.robokassa })(context)
      : { name: "robokassa", links: [], handle: async () => false },
  // Click under /click (pay page, Click-app invoice page, Merchant API, cabinet).
  (context) =>
    context.config.click
      ? clickEmulatorModule({ credentials: ({ config }) => config.click! })(context)
      : { name: "click", links: [], handle: async () => false },
];

export type SandboxServer = {
  readonly server: Server;
  readonly modules: readonly SandboxModule[];
  /** Listens on the configured host and port (0 = any free port); resolves with the port. */
  listen(): Promise<number>;
  close(): Promise<void>;
};

function indexPage(modules: readonly SandboxModule[], config: SandboxConfig): string {
  return documentHtml({
    lang: "en",
    title: "Tolov sandbox",
    body: html`<main style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Tolov sandbox</h1>
<p>Provider emulators for QA. No real money moves here. Store: <code>${config.storeUrl}</code></p>
<ul>${modules.flatMap((module) => module.links.map((link) => html`<li><a href="${link.href}">${link.label}</a></li>`))}</ul>
</main>`,
  });
}

function notFound(res: ServerResponse): void {
  sendHtml(res, 404, documentHtml({ lang: "en", title: "Not found", body: html`<p>Not found.</p><p><a href="/">Sandbox</a></p>` }));
}

export function createSandboxServer(options: {
  config: SandboxConfig;
  storage: SandboxStorage;
  modules?: readonly SandboxModuleFactory[];
  log?: (message: string) => void;
}): SandboxServer {
  const context: SandboxContext = {
    config: options.config,
    storage: options.storage,
    log: options.log ?? ((message) => console.log(`sandbox: ${message}`)),
  };
  const modules = (options.modules ?? defaultModules).map((factory) => factory(context));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (url.pathname === "/" && (req.method === "GET" || req.method === "HEAD")) {
      return sendHtml(res, 200, indexPage(modules, options.config));
    }
    for (const module of modules) {
      if (await module.handle(req, res, url)) return;
    }
    notFound(res);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        if (!res.headersSent) sendHtml(res, 413, documentHtml({ lang: "en", title: "Too large", body: html`<p>Request too large.</p>` }));
        return;
      }
      context.log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendHtml(res, 500, documentHtml({ lang: "en", title: "Error", body: html`<p>Sandbox error.</p>` }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  return {
    server,
    modules,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.config.port, options.config.host, () => {
          server.off("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    async close() {
      await Promise.all(modules.map((module) => module.close?.()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
