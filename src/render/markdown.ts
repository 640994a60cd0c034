/**
 * Markdown (CommonMark + GFM tables) to HTML with marked. The output is untrusted until
 * sanitize.ts has seen it: raw HTML in cards passes through here on purpose.
 */
import { Marked, type Tokens } from 'marked';
import { languageOf, loadHighlighter, needsHighlighter, type Highlight } from './highlight';
import { escapeHtml } from './text';

/** Set only for the duration of one synchronous `parser` call (see markdownToHtml). */
let highlighter: Highlight | undefined;

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = languageOf(lang);
      let body = escapeHtml(text);
      if (language && language !== 'plaintext' && highlighter) {
        try {
          body = highlighter(text, language);
        } catch {
          // Highlighting is cosmetic: keep the escaped text.
        }
      }
      const cls = language ? `hljs language-${language}` : 'hljs';
      return `<pre class="code-block"><code class="${cls}">${body}</code></pre>\n`;
    },
  },
});

/** Renders Markdown, first loading the highlighter if a code block needs it. */
export async function markdownToHtml(md: string): Promise<string> {
  const tokens = marked.lexer(md);
  let wantsHighlight = false;
  marked.walkTokens(tokens, (t) => {
    if (t.type === 'code' && needsHighlighter((t as Tokens.Code).lang)) wantsHighlight = true;
  });
  let hl: Highlight | undefined;
  if (wantsHighlight) {
    try {
      hl = await loadHighlighter();
    } catch {
      // Offline without the chunk cached: plain code is still readable.
    }
  }
  highlighter = hl;
  try {
    return marked.parser(tokens);
  } finally {
    highlighter = undefined;
  }
}
