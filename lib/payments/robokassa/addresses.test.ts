import { describe, expect, it } from "vitest";
import { isRobokassaAddress } from "./addresses";

describe("isRobokassaAddress", () => {
  it.each(["185.59.216.65", "185.59.217.65", "::ffff:185.59.216.65", " 185.59.217.65 "])("accepts %s", (ip) => {
    expect(isRobokassaAddress(ip)).toBe(true);
  });

  it.each(["185.59.216.66", "185.59.216.6", "185.59.216.650", "127.0.0.1", "", "::1", "185.59.216.65.evil"])("refuses %j", (ip) => {
    expect(isRobokassaAddress(ip)).toBe(false);
  });
});
