/** Text checks for card sides: code fences, math delimiters, prose length. */

export interface LintResult {
  errors: string[];
  python: string[];
}

/** Removes fenced code, display and inline math, so what remains is prose. */
export function stripCodeAndMath(text: string): string {
  return text
    .replace(/^\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\1\s*$/gm, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\\\[[\s\S]*?\\\]/g, ' ')
    .replace(/\\\([\s\S]*?\\\)/g, ' ')
    .replace(/(^|[^\\$])\$(?!\s)[^$\n]+?\$/g, '$1 ')
    .replace(/`[^`\n]*`/g, ' x ');
}

export function proseWordCount(text: string): number {
  const prose = stripCodeAndMath(text).replace(/[|#*_>\-]+/g, ' ');
  return prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function checkCardText(text: string): LintResult {
  const errors: string[] = [];
  const python: string[] = [];
  const lines = text.split('\n');
  let fence: { marker: string; lang: string; start: number } | null = null;
  let body: string[] = [];
  const prose: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (m && fence === null) {
      fence = { marker: m[1]!, lang: m[2]!.toLowerCase(), start: i };
      if (fence.lang === '') errors.push(`code fence on line ${i + 1} of the side declares no language (write e.g. \`\`\`python, \`\`\`text)`);
      body = [];
      return;
    }
    if (fence !== null && line.trim().startsWith(fence.marker) && line.trim().replace(/[`~]/g, '') === '') {
      if (fence.lang === 'python' || fence.lang === 'py') python.push(body.join('\n'));
      fence = null;
      return;
    }
    if (fence !== null) body.push(line);
    else prose.push(line);
  });
  if (fence !== null) errors.push(`code fence opened on line ${(fence as { start: number }).start + 1} of the side is never closed`);

  const p = prose.join('\n').replace(/`[^`\n]*`/g, '');
  const displayDollars = (p.match(/\$\$/g) ?? []).length;
  if (displayDollars % 2 !== 0) errors.push('unbalanced $$ display-math delimiters');
  const singles = p.replace(/\$\$/g, '').replace(/\\\$/g, '').match(/\$/g) ?? [];
  if (singles.length % 2 !== 0) errors.push('unbalanced $ inline-math delimiters (write a literal dollar as \\$)');
  const count = (re: RegExp) => (p.match(re) ?? []).length;
  if (count(/\\\(/g) !== count(/\\\)/g)) errors.push('unbalanced \\( … \\) math delimiters');
  if (count(/\\\[/g) !== count(/\\\]/g)) errors.push('unbalanced \\[ … \\] math delimiters');
  if (count(/\{\{c\d+::/g) > 0 && count(/\{\{c\d+::/g) > count(/\}\}/g)) errors.push('a cloze deletion {{cN::…}} is not closed with }}');
  return { errors, python };
}
