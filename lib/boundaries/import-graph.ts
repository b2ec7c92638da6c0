import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/*
 * The source tree's import graph, for the boundary tests (import-boundaries.test.ts). Test
 * tooling only: nothing in the app imports this file.
 */

/** One import of a file: the specifier as written, the repository path it names (null: a package), how. */
export type ImportEdge = {
  from: string;
  specifier: string;
  /** Repository-relative path without extension (`lib/payments/payme/receipts`), or null for a package. */
  target: string | null;
  dynamic: boolean;
  typeOnly: boolean;
};

/** A source tree: repository-relative path (posix) → file text. Tests pass a small one as a fixture. */
export type SourceTree = ReadonlyMap<string, string>;

const sourceExtensions = [".ts", ".tsx", ".mts", ".js", ".mjs"];

/** Every import, re-export, `import()` and `require()` of one file (comments and strings ignored). */
export function importsOf(path: string, text: string): ImportEdge[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, path.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: string, dynamic: boolean, typeOnly: boolean) => edges.push({ from: path, specifier, target: resolveSpecifier(path, specifier), dynamic, typeOnly });
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, false, Boolean(node.importClause?.isTypeOnly));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, false, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, false, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const specifier = (node.arguments[0] as ts.StringLiteralLike).text;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) add(specifier, true, false);
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") add(specifier, false, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edges;
}

/** `@/lib/x` and `./x` → the repository path they name (extension dropped); a package → null. */
export function resolveSpecifier(fromPath: string, specifier: string): string | null {
  let path: string;
  if (specifier.startsWith("@/")) path = specifier.slice(2);
  else if (specifier.startsWith("./") || specifier.startsWith("../")) path = posix.join(posix.dirname(fromPath), specifier);
  else return null;
  return path.replace(/\.(ts|tsx|mts|js|mjs)$/, "").replace(/\/index$/, "");
}

/** The file a resolved target is, in `tree`: `x.ts`, `x.tsx`, `x/index.ts`… (null: not a source file). */
export function fileOf(tree: SourceTree, target: string): string | null {
  for (const extension of sourceExtensions) if (tree.has(target + extension)) return target + extension;
  for (const extension of sourceExtensions) if (tree.has(`${target}/index${extension}`)) return `${target}/index${extension}`;
  return null;
}

const edgeCache = new WeakMap<SourceTree, Map<string, ImportEdge[]>>();

/** `importsOf` for a file of `tree`, parsed once per tree. */
export function edgesOf(tree: SourceTree, path: string): ImportEdge[] {
  let cache = edgeCache.get(tree);
  if (!cache) edgeCache.set(tree, (cache = new Map()));
  let edges = cache.get(path);
  if (!edges) cache.set(path, (edges = importsOf(path, tree.get(path) ?? "")));
  return edges;
}

/** The files `start` loads, directly or through others, with one import chain to each (for the message). */
export function reachableFrom(tree: SourceTree, start: string, follow: (edge: ImportEdge) => boolean = () => true): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const edge of edgesOf(tree, current)) {
      if (!edge.target || !follow(edge)) continue;
      const next = fileOf(tree, edge.target);
      if (!next || chains.has(next)) continue;
      chains.set(next, [...chains.get(current)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

/** The store's source files under `root` (app, components, lib, scripts and the top-level .ts files). */
export function readSourceTree(root: string): SourceTree {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const name of readdirSync(join(root, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      if (name === "node_modules" || name === "generated" || name.startsWith(".")) continue;
      const stat = statSync(join(root, path));
      if (stat.isDirectory()) walk(path);
      else if (sourceExtensions.some((extension) => name.endsWith(extension)) && !name.endsWith(".d.ts")) files.set(path, readFileSync(join(root, path), "utf8"));
    }
  };
  for (const folder of ["app", "components", "lib", "scripts"]) if (existsSync(join(root, folder))) walk(folder);
  for (const name of readdirSync(root)) {
    if (sourceExtensions.some((extension) => name.endsWith(extension)) && statSync(join(root, name)).isFile()) files.set(name, readFileSync(join(root, name), "utf8"));
  }
  return files;
}
