// Calling the store's server actions over HTTP exactly as React's client does, so tests reach the
// real entry points (guards, validation, cookies) of a running store. Action ids come from the
// build's server reference manifest.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths";

export type ServerAction = {
  id: string;
  /** The source file, e.g. `app/admin/actions/order-actions.ts`. */
  file: string;
  /** The exported function's name. */
  name: string;
  /** The route of a page that imports it (`[number]` / `[id]` left as is). */
  page: string;
};

/** Every server action of the build under test (TOLOV_DIST_DIR or `.next`). */
export function serverActions(): ServerAction[] {
  const distDir = process.env.TOLOV_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(join(repoRoot, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, action]) => {
    const file = action.filename ?? "";
    const workers = Object.keys(action.workers);
    const worker = workers.find((name) => name.startsWith("app/admin/")) ?? workers.find((name) => name.endsWith("/page")) ?? "app/page";
    const page = worker.replace(/^app/, "").replace(/\/\([^)]+\)/g, "").replace(/\/page$/, "");
    return { id, file, name: action.exportedName ?? id, page: page || "/" };
  });
}

/** The admin's actions (files under app/admin/), with `[number]` in their page set to `orderNumber`. */
export function adminActions(orderNumber: number): ServerAction[] {
  return serverActions()
    .filter((action) => action.file.startsWith("app/admin/"))
    .map((action) => ({ ...action, page: action.page.replace("[number]", String(orderNumber)) || "/admin" }));
}

/** The id of the action `name` exported by a file under `filePrefix`; throws when the build has none. */
export function actionId(name: string, filePrefix = "app/admin/actions/"): string {
  const found = serverActions().find((action) => action.file.startsWith(filePrefix) && action.name === name);
  if (!found) throw new Error(`server action ${name} (${filePrefix}…) is not in the build`);
  return found.id;
}

export type ActionAnswer = { status: number; text: string; setCookie: string[] };

/**
 * Posts a `useActionState` form action (`(previous, form)`): multipart, root `0` = `[null, FormData]`,
 * the form's fields under `_1_`. Returns the raw RSC answer.
 */
export async function postFormAction(url: string, id: string, fields: Record<string, string>, headers: Record<string, string>): Promise<ActionAnswer> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append("0", JSON.stringify([null, "$K1"]));
  const response = await fetch(url, {
    method: "POST",
    headers: { accept: "text/x-component", "next-action": id, ...headers },
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), setCookie: response.headers.getSetCookie() };
}

/** Posts an action called with plain JSON arguments (React encodes those as a text body). */
export async function postArgsAction(url: string, id: string, args: unknown[], headers: Record<string, string>): Promise<ActionAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", "next-action": id, ...headers },
    body: JSON.stringify(args),
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), setCookie: response.headers.getSetCookie() };
}

/**
 * The value an action returned, from its RSC answer: the row that carries an `ok` field
 * (`{ok: true, …} | {ok: false, …}`, the project's result shape). Undefined when there is none.
 */
export function actionResult<T = { ok: boolean; [key: string]: unknown }>(text: string): T | undefined {
  for (const line of text.split("\n")) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      const value = JSON.parse(match[1]!) as Record<string, unknown>;
      if (typeof value.ok === "boolean") return value as T;
    } catch {
      // another kind of row
    }
  }
  return undefined;
}
