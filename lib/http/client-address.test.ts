import { describe, expect, it } from "vitest";
import { clientAddress, REMOTE_ADDRESS_HEADER, stampRemoteAddress, stampedRemoteAddress } from "./client-address";

/** Headers as server.ts hands them to Next.js: stamped with the socket's address. */
function stamped(socketAddress: string, values: Record<string, string> = {}): Headers {
  const request = { headers: { ...values } as Record<string, string | string[] | undefined>, socket: { remoteAddress: socketAddress } };
  stampRemoteAddress(request);
  return new Headers(request.headers as Record<string, string>);
}

describe("admin client address", () => {
  it("takes the socket's address and ignores a forwarded header from an untrusted client", () => {
    const request = stamped("::ffff:203.0.113.7", { "x-forwarded-for": "198.51.100.1" });
    expect(clientAddress(request, [])).toBe("203.0.113.7");
  });

  it("reads X-Forwarded-For from the right when the socket is a trusted proxy", () => {
    const request = stamped("10.0.0.2", { "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.0.0.3" });
    expect(clientAddress(request, ["10.0.0.2", "10.0.0.3"])).toBe("203.0.113.9");
  });

  it("overwrites a stamp the client sent, and ignores a forged one", () => {
    const overwritten = stamped("203.0.113.7", { [REMOTE_ADDRESS_HEADER]: "185.234.113.5", "x-tolov-remote-stamp": "forged" });
    expect(stampedRemoteAddress(overwritten)).toBe("203.0.113.7");
    const forged = new Headers({ [REMOTE_ADDRESS_HEADER]: "185.234.113.5", "x-tolov-remote-stamp": "forged" });
    expect(stampedRemoteAddress(forged)).toBeUndefined();
  });
});
