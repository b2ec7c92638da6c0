import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PaymentsMode } from "../env";
import { createSandboxLifecycle } from "./lifecycle";
import { loadOrCreateSandboxToken } from "../sandbox/token";

function harness(initial: Record<string, PaymentsMode>, portBusy = () => false) {
  let modes = { ...initial };
  const events: string[] = [];
  const logs: string[] = [];
  const lifecycle = createSandboxLifecycle({
    readModes: async () => modes,
    start: async () => {
      if (portBusy()) throw Object.assign(new Error("busy"), { name: "SandboxPortBusyError" });
      events.push("start");
      return { url: "http://sandbox.test", close: async () => void events.push("stop") };
    },
    isPortBusy: (error) => error instanceof Error && error.name === "SandboxPortBusyError",
    log: (message) => logs.push(message),
  });
  return { lifecycle, events, logs, set: (next: Record<string, PaymentsMode>) => (modes = { ...next }) };
}

describe("the sandbox's lifecycle follows the admin's provider modes", () => {
  it("stays down while every provider is live, even with PAYMENTS_MODE's default", async () => {
    const { lifecycle, events } = harness({ payme: "live", click: "live", robokassa: "test" });
    expect(await lifecycle.check()).toBe("stopped");
    expect(events).toEqual([]);
  });

  it("starts when a provider enters sandbox mode and stops when the last one leaves it, without a restart", async () => {
    const h = harness({ payme: "live", click: "live", robokassa: "live" });
    await h.lifecycle.check();
    h.set({ payme: "sandbox", click: "sandbox", robokassa: "live" });
    expect(await h.lifecycle.check()).toBe("running");
    expect(await h.lifecycle.check()).toBe("running");
    h.set({ payme: "live", click: "sandbox", robokassa: "live" });
    expect(await h.lifecycle.check()).toBe("running");
    h.set({ payme: "live", click: "live", robokassa: "live" });
    expect(await h.lifecycle.check()).toBe("stopped");
    expect(h.events).toEqual(["start", "stop"]);
    expect(h.lifecycle.running).toBe(false);
  });

  it("retries quietly while another instance holds the port, and takes over when it is free", async () => {
    let busy = true;
    const h = harness({ payme: "sandbox" }, () => busy);
    expect(await h.lifecycle.check()).toBe("busy");
    expect(await h.lifecycle.check()).toBe("busy");
    expect(h.logs).toHaveLength(1);
    busy = false;
    expect(await h.lifecycle.check()).toBe("running");
    expect(h.events).toEqual(["start"]);
  });
});

describe("the sandbox token", () => {
  it("is generated once into DATA_DIR with mode 0600 and reused", () => {
    const dir = mkdtempSync(join(tmpdir(), "tolov-sandbox-token-"));
    try {
      const first = loadOrCreateSandboxToken(join(dir, "data"));
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, "data")).mode & 0o777).toBe(0o700);
      expect(loadOrCreateSandboxToken(join(dir, "data")).token).toBe(first.token);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
