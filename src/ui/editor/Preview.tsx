/**
 * Live preview of the first card of a note being edited, through the same renderer and
 * sanitizer as the review (so what the preview shows is what the review will show).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Note } from '../../core/types';
import { useCardColors } from '../card-colors';
import { noteTypeIsScriptDriven } from '../../formats/notetypes/derive';
import { loadNoteType, mediaResolver } from '../review/prepare';
import '../../render/card.css';

let pendingRevoke: (() => void) | undefined;
function revokeLater(revoke: () => void): void {
  pendingRevoke?.();
  pendingRevoke = revoke;
}

export function Preview({ note }: { note: Note }) {
  const [html, setHtml] = useState<{ front: string; back: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scriptCards, setScriptCards] = useState(0);
  const sides = useRef<HTMLDivElement>(null);
  // Imported colours readable in dark mode, as in the review.
  useCardColors(sides, html ? html.front + html.back : undefined);
  useEffect(() => {
    let live = true;
    // Typing fast: render once the text settles.
    const t = setTimeout(() => {
      void import('../../render')
        .then(async (r) => {
          const ord = note.kind === 'cloze' ? Math.max(0, (Number(/\{\{c([1-9]\d*)(?:,\d+)*::/.exec(note.front)?.[1]) || 1) - 1) : 0;
          const [media] = await Promise.all([mediaResolver(note, r.referencedMedia(note)), loadNoteType(note, r)]);
          const [front, back] = await Promise.all([r.renderSide({ note, ord, side: 'front', media: media.resolve }), r.renderSide({ note, ord, side: 'back', media: media.resolve })]);
          const nt = r.knownNoteType(note.noteTypeId);
          // The previous preview's images stay valid until this one replaces them.
          if (!live) return media.revoke();
          revokeLater(media.revoke);
          if (live) {
            setHtml({ front, back });
            setScriptCards(nt && noteTypeIsScriptDriven(nt) ? Math.max(1, (note.sides ?? []).filter((s) => s.front.trim()).length) : 0);
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
      {scriptCards > 0 && (
        <p class="banner" role="note">
          This note type relies on scripts, which never run here; {scriptCards === 1 ? '1 card' : `${scriptCards} cards`} will show {scriptCards === 1 ? 'its' : 'their'} fields as text.
        </p>
      )}
      {html && (
        <div class="editor-preview-sides" ref={sides}>
          <div class="card-view preview-side" aria-label="Preview: question side" dangerouslySetInnerHTML={{ __html: html.front }} />
          <div class="card-view preview-side" aria-label="Preview: answer side" dangerouslySetInnerHTML={{ __html: html.back }} />
        </div>
      )}
    </section>
  );
}
