import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { secretsInLog } from "./secret-scan";

const secrets = [
  { name: "ADMIN_PASSWORD", value: "Xk2-admin-PASS-91" },
  { name: "Payme test key", value: "0f9e8d7c6b5a49382716051f2e3d4c5b" },
  { name: "test card 8600 0691 9540 6311", value: "8600069195406311" },
  { name: "SMS code", value: "666666" },
];

const cleanLog = [
  `{"level":"info","time":"2026-12-01T06:00:00.000Z","pid":4242,"component":"provider","direction":"in","provider":"payme","method":"PerformTransaction","orderNumber":17,"reference":"65f1a2b3c4d5e6f708192a3b","outcome":"ok","durationMs":3.125}`,
  `{"level":"info","time":"2026-12-01T06:00:01.000Z","pid":4242,"component":"outbox","eventId":"16666661","phoneMasked":"+998 90 *** ** 67","outcome":"delivered","durationMs":1.5}`,
].join("\n");

describe("secretsInLog", () => {
  it("finds nothing in a clean log (masked phones, ids that merely contain the code's digits)", () => {
    expect(secretsInLog(cleanLog, secrets)).toEqual([]);
  });

  it("finds each planted secret, as written, JSON-escaped, URL-encoded or with separators, and names it without its value", () => {
    const planted = [
      `{"msg":"sign-in","password":"Xk2-admin-PASS-91"}`,
      `{"msg":"x-auth","value":"id:0f9e8d7c6b5a49382716051f2e3d4c5b"}`,
      `{"msg":"card","text":"8600 0691 9540 6311"}`,
      `{"msg":"verify","body":"code%3D666666"}`,
    ];
    for (const [index, line] of planted.entries()) {
      expect(secretsInLog(`${cleanLog}\n${line}`, secrets).filter((name) => name === secrets[index]!.name)).toEqual([secrets[index]!.name]);
    }
    const all = secretsInLog([cleanLog, ...planted].join("\n"), secrets);
    expect(all).toEqual(expect.arrayContaining(secrets.map((secret) => secret.name)));
    for (const secret of secrets) expect(all.join(" ")).not.toContain(secret.value);
  });

  it("finds full phone numbers and any Uzcard/Humo number by their shape", () => {
    expect(secretsInLog(`{"phone":"+998901234567"}`, [])).toEqual(["a full phone number"]);
    expect(secretsInLog(`{"to":"998 93 555 12 34"}`, [])).toEqual(["a full phone number"]);
    expect(secretsInLog(`{"card":"9860-1234-5678-9012"}`, [])).toEqual(["a card number (8600/9860/5614…)"]);
  });

  it("finds a secret the real logger wrote in a field the redact paths do not know", async () => {
    let text = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString("utf8");
        done();
      },
    });
    const log = createLogger(sink, "info");
    log.info({ note: `key=${secrets[1]!.value}` }, "a careless line");
    await new Promise((resolve) => setImmediate(resolve));
    expect(secretsInLog(text, secrets)).toEqual(["Payme test key"]);
  });

  it("refuses a secret too short to search for", () => {
    expect(() => secretsInLog(cleanLog, [{ name: "pin", value: "12" }])).toThrow("too short");
  });
});
