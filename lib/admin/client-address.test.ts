import { describe, expect, it } from "vitest";
import { clientAddress, REMOTE_ADDRESS_HEADER } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("admin client address", () => {
  it("takes the socket's address and ignores a forwarded header from an untrusted client", () => {
    const request = headers({ [REMOTE_ADDRESS_HEADER]: "::ffff:203.0.113.7", "x-forwarded-for": "198.51.100.1" });
    expect(clientAddress(request, [])).toBe("203.0.113.7");
  });

  it("reads X-Forwarded-For from the right when the socket is a trusted proxy", () => {
    const request = headers({ [REMOTE_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.0.0.3" });
    expect(clientAddress(request, ["10.0.0.2", "10.0.0.3"])).toBe("203.0.113.9");
  });
});
