import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminPasswordSource, generatedSecretNames } from "./generated-secrets";

describe("adminPasswordSource", () => {
  it("names the secrets file under DATA_DIR when this process generated the admin password", () => {
    expect(adminPasswordSource("/var/lib/tolov", { TOLOV_GENERATED_SECRETS: "APP_SECRET,ADMIN_PASSWORD" })).toEqual({
      generated: true,
      file: join("/var/lib/tolov", "secrets.json"),
    });
    expect(adminPasswordSource("./data", { TOLOV_GENERATED_SECRETS: "ADMIN_PASSWORD" })).toEqual({ generated: true, file: join("data", "secrets.json") });
  });

  it("names no file when ADMIN_PASSWORD came from the environment", () => {
    expect(adminPasswordSource("/var/lib/tolov", { TOLOV_GENERATED_SECRETS: "APP_SECRET" })).toEqual({ generated: false });
    expect(adminPasswordSource("/var/lib/tolov", {})).toEqual({ generated: false });
    expect(generatedSecretNames({ TOLOV_GENERATED_SECRETS: " ADMIN_PASSWORD , other" })).toEqual(["ADMIN_PASSWORD"]);
  });
});
