/**
 * Live preview of the first card of a note being edited, through the same renderer and
 * sanitizer as the review (so what the preview shows is what the review will show).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Note } from '../../core/types';
import '../../render/card.css';

export function Preview({ note }: { note: Note }) {
  const [html, setHtml] = useState<{ front: string; back: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Typing fast: render once the text settles.
    const t = setTimeout(() => {
      void import('../../render')
        .then(async (r) => {
          const ord = note.kind === 'cloze' ? Math.max(0, (Number(/\{\{c(\d+)::/.exec(note.front)?.[1]) || 1) - 1) : 0;
          const [front, back] = await Promise.all([r.renderSide({ note, ord, side: 'front' }), r.renderSide({ note, ord, side: 'back' })]);
          if (live) {
            setHtml({ front, back });
            setError(null);
          }
        })
        .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    }, 150);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [note]);
  return (
    <section class="editor-preview" aria-label="Preview">
      <h2 class="editor-preview-title">Preview</h2>
      {error && <p class="banner banner-error">{error}</p>}
      {html && (
        <div class="editor-preview-sides">
          <div class="card-view preview-side" aria-label="Preview: question side" dangerouslySetInnerHTML={{ __html: html.front }} />
          <div class="card-view preview-side" aria-label="Preview: answer side" dangerouslySetInnerHTML={{ __html: html.back }} />
        </div>
      )}
    </section>
  );
}
