/** HTML built from template literals: every interpolated value is escaped unless it is `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1]!;
  });
  return new SafeHtml(out);
}

/** Trusted markup (our own CSS and scripts). */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A whole document; `head` takes extra tags (styles, a refresh). */
export function documentHtml(options: { lang: string; title: string; head?: SafeHtml; body: SafeHtml }): string {
  return (
    "<!doctype html>\n" +
    html`<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${options.title}</title>
${options.head}
</head>
<body>
${options.body}
</body>
</html>`.value
  );
}
