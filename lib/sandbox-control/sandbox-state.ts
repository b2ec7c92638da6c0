/**
 * Whether this process runs the sandbox, as server.ts's lifecycle last found it, for
 * GET /api/health's details: `running` (this instance serves it), `elsewhere` (another instance
 * on this host holds SANDBOX_PORT), `stopped`, or `unknown` (no lifecycle in this process, e.g.
 * `next start` alone). Kept on globalThis: server.ts and the Next.js bundles share the process.
 */
export type SandboxState = "running" | "elsewhere" | "stopped" | "unknown";

const holder = globalThis as typeof globalThis & { __tolovSandboxState?: SandboxState };

export function publishSandboxState(state: "running" | "busy" | "stopped"): void {
  holder.__tolovSandboxState = state === "busy" ? "elsewhere" : state;
}

export function sandboxState(): SandboxState {
  return holder.__tolovSandboxState ?? "unknown";
}
