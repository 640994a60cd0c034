// @vitest-environment happy-dom
/** What hands-free review reads aloud (ui/review/handsfree.ts): code and math named, never spelled. */
import { describe, expect, it } from 'vitest';
import { speakableText } from '../../src/ui/review/handsfree';

function el(html: string): Element {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d;
}

describe('speakable text', () => {
  it('names code blocks and formulas, keeps short inline code, says blanks', () => {
    const text = speakableText(
      el(`<p>What does <code>dict.get</code> return?</p><pre><code>def f(x):\n    return {k: v for k, v in x}</code></pre>
          <p>Loss: <span class="katex">L = -\\sum y \\log p</span></p><div class="katex-display">x^2</div>
          <p>The <span class="cloze">[…]</span> keeps order.</p><p><code>some_really_long_expression(with, many, args)</code></p>`),
    );
    expect(text).toBe('What does dict.get return? A code block, shown on screen. Loss: a formula. A formula, shown on screen. The blank. keeps order. some code');
    expect(text).not.toMatch(/[{}\\^]/);
  });
});
