// The emulator mounted as a sandbox-server module: shared storage, credentials and billing from
// the sandbox's configuration, only its own path answered.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscribeClient } from "../../payments/payme/subscribe/server-client";
import type { SandboxContext } from "../module";
import { openSandboxStorage, type SandboxStorage } from "../storage";
import { createPaymeSubscribeModule, sandboxBilling } from "./module";
import { testSandboxConfig } from "../fixtures/sandbox-config";

describe("createPaymeSubscribeModule", () => {
  let storage: SandboxStorage;
  let context: SandboxContext;
  let module: ReturnType<typeof createPaymeSubscribeModule>;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    storage = openSandboxStorage(":memory:");
    const config = testSandboxConfig({ publicUrl: "http://127.0.0.1:0", storeUrl: "http://127.0.0.1:9/", token: "t".repeat(43) });
    context = { config, storage, log: () => {} };
    module = createPaymeSubscribeModule(context);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://sandbox.invalid");
      void module.handle(req, res, url).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await module.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    storage.close();
  });

  it("answers /payme/api with the sandbox's credentials and stores in the sandbox's database", async () => {
    expect(module.name).toBe("payme-subscribe");
    storage.setSetting("payme.billing", "false");
    const client = createSubscribeClient({ endpoint: `${base}/payme/api`, merchantId: "m".repeat(24), key: "k".repeat(32) });
    const { receipt } = await client.receiptsCreate({ amount: 1000, account: { order_id: 1 } });
    expect(receipt.state).toBe(0);
    const tables = storage.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'payme_subscribe_%'`).all();
    expect(tables).toHaveLength(2);
    expect((await fetch(`${base}/payme/other`, { method: "POST" })).status).toBe(404);
  });

  it("takes billing from its own setting, else PAYME_BILLING, else true", () => {
    storage.setSetting("payme.billing", "false");
    expect(sandboxBilling(context)).toBe(false);
    storage.setSetting("payme.billing", undefined);
    const previous = process.env.PAYME_BILLING;
    try {
      process.env.PAYME_BILLING = "0";
      expect(sandboxBilling(context)).toBe(false);
      delete process.env.PAYME_BILLING;
      expect(sandboxBilling(context)).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.PAYME_BILLING;
      else process.env.PAYME_BILLING = previous;
    }
  });
});
