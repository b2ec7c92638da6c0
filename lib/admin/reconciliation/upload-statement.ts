import type { SqlExecutor } from "../../db/sql";
import { BodyTooLargeError, readBytesLimited } from "../../http/body";
import { reconciliationQuery, type ReconciliationQuery } from "./period";
import { reconciliationSource } from "./sources";
import { saveStatement, STATEMENT_UPLOAD_LIMIT } from "./statements";
import type { StatementError } from "./types";

/** Why an upload was refused: the parser's reasons, and the upload's own. */
export type UploadError = StatementError | { error: "too_large"; limit: number } | { error: "no_file" } | { error: "not_supported" } | { error: "not_available" } | { error: "invalid" };

export type UploadOutcome = { ok: true; query: ReconciliationQuery; statementId: number; count: number } | ({ ok: false; query: ReconciliationQuery | null } & UploadError);

/**
 * `POST /admin/reconciliation/statement` (multipart: provider, from, to, file): reads at most
 * STATEMENT_UPLOAD_LIMIT bytes, parses the file with the provider's statement format and keeps
 * it. Every bad input is a value (the page shows it localized), never an exception.
 */
export async function uploadStatement(sql: SqlExecutor, request: Request): Promise<UploadOutcome> {
  let bytes: Buffer;
  try {
    bytes = await readBytesLimited(request, STATEMENT_UPLOAD_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, query: null, error: "too_large", limit: STATEMENT_UPLOAD_LIMIT };
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    return { ok: false, query: null, error: "no_file" };
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const parsed = reconciliationQuery.safeParse({ provider: field("provider"), from: field("from"), to: field("to") });
  if (!parsed.success) return { ok: false, query: null, error: "invalid" };
  const query = parsed.data;
  const file = form.get("file");
  if (file === null || typeof file === "string" || file.size === 0) return { ok: false, query, error: file && typeof file !== "string" ? "empty" : "no_file" };
  const source = await reconciliationSource(query.provider);
  if (!source) return { ok: false, query, error: "not_available" };
  const format = source.statement;
  if (!format) return { ok: false, query, error: "not_supported" };
  const result = format.parse(new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) {
    const { ok: _ok, ...error } = result;
    return { ok: false, query, ...error };
  }
  const statementId = await saveStatement(sql, { provider: query.provider, fileName: file.name || "statement.csv", records: result.records });
  return { ok: true, query, statementId, count: result.records.length };
}

/** The refusal as the page's query parameters (`statementError=row&line=5&column=Сумма`). */
export function uploadErrorParams(error: UploadError): Record<string, string> {
  const params: Record<string, string> = { statementError: error.error };
  if (error.error === "row") Object.assign(params, { line: String(error.line), column: error.column });
  if (error.error === "columns") params.columns = error.columns.join(", ");
  return params;
}
