/** Which of APP_SECRET and ADMIN_PASSWORD this process generated (lib/bootstrap.ts sets TOLOV_GENERATED_SECRETS). */
export function generatedSecretNames(source: NodeJS.ProcessEnv = process.env): string[] {
  return (source.TOLOV_GENERATED_SECRETS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name === "APP_SECRET" || name === "ADMIN_PASSWORD");
}
