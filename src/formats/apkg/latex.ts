/**
 * Anki's LaTeX tags in fields. Anki renders `[latex]…[/latex]`, `[$]…[/$]` and `[$$]…[/$$]` to
 * images named `latex-<sha1 of the LaTeX>.png` (or .svg) and ships them as ordinary media. When
 * the package has the image we point at it; otherwise inline and display math become MathJax
 * delimiters for the KaTeX renderer, and full `[latex]` documents are left as written.
 */
import { decodeEntities } from '../shared/html';
import { sha1Hex } from '../shared/sha1';

const LATEX_RE = /\[latex\]([\s\S]+?)\[\/latex\]|\[\$\]([\s\S]+?)\[\/\$\]|\[\$\$\]([\s\S]+?)\[\/\$\$\]/gi;

/** The text Anki hashes: line breaks from `<br>`/`<div>`, tags stripped, entities decoded. */
function latexSource(html: string): string {
  const text = html
    .replace(/<br( \/)?>|<div>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/gi, ' ');
  return decodeEntities(text);
}

export function latexImageName(latex: string, svg: boolean): string {
  return `latex-${sha1Hex(latexSource(latex))}.${svg ? 'svg' : 'png'}`;
}

export function hasLatexTags(html: string): boolean {
  return /\[(?:latex|\$\$?)\]/i.test(html);
}

/** Rewrites a field's LaTeX tags; `hasMedia` says whether a rendered image is in the package. */
export function rewriteLatex(html: string, svg: boolean, hasMedia: (name: string) => boolean): string {
  if (!hasLatexTags(html)) return html;
  return html.replace(LATEX_RE, (whole, full: string | undefined, inline: string | undefined, display: string | undefined) => {
    const latex = full ?? (inline !== undefined ? `$${inline}$` : `\\begin{displaymath}${display ?? ''}\\end{displaymath}`);
    for (const ext of svg ? [true, false] : [false, true]) {
      const name = latexImageName(latex, ext);
      if (hasMedia(name)) return `<img class="latex" src="${name}">`;
    }
    if (inline !== undefined) return `\\(${inline}\\)`;
    if (display !== undefined) return `\\[${display}\\]`;
    return whole;
  });
}
