// A self-contained HTML report (inline SVG, no scripts, no network) for find / analyze / train.

function esc(s: string): string {
  // Only element text is escaped here (no attributes are built from data), so quotes stay readable.
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/**
 * Contents of {@link htmlReport}.
 *
 * @example
 * const r: HtmlReport = { title: 'LR range test', svg, sections: [{ heading: 'Suggestions', table: [['valley', '3e-3']] }] };
 */
export interface HtmlReport {
  title: string;
  /** Subtitle line, e.g. model, data and backend. */
  subtitle?: string;
  /** Inline SVG charts. */
  svgs: string[];
  sections: { heading: string; table?: string[][]; json?: unknown; text?: string }[];
}

/**
 * Build the report page: charts, tables and pretty-printed JSON specs.
 *
 * @example
 * await writeFile('report.html', htmlReport({ title: 'LR range test', svgs: [svg], sections: [] }));
 */
export function htmlReport(r: HtmlReport): string {
  const parts: string[] = [];
  for (const s of r.sections) {
    parts.push(`<h2>${esc(s.heading)}</h2>`);
    if (s.text) parts.push(`<p>${esc(s.text)}</p>`);
    if (s.table) {
      const [head, ...rows] = s.table;
      parts.push(
        '<table><thead><tr>' + head.map((h) => `<th>${esc(h)}</th>`).join('') + '</tr></thead><tbody>' +
          rows.map((row) => '<tr>' + row.map((c) => `<td>${esc(c)}</td>`).join('') + '</tr>').join('') +
          '</tbody></table>',
      );
    }
    if (s.json !== undefined) parts.push(`<pre><code>${esc(JSON.stringify(s.json, null, 2))}</code></pre>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
pre{background:#f6f6f6;padding:.8em;overflow:auto}.chart svg{max-width:100%;height:auto}
.sub{color:#666}
</style></head><body>
<h1>${esc(r.title)}</h1>
${r.subtitle ? `<p class="sub">${esc(r.subtitle)}</p>` : ''}
${r.svgs.map((s) => `<div class="chart">${s}</div>`).join('\n')}
${parts.join('\n')}
</body></html>
`;
}
