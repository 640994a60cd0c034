/** The import preview: what the file holds and what importing it would do. Nothing is written yet. */
import type { ImportSummary } from '../../workers/protocol';
import type { ProgressMode } from '../../storage/import';

interface Props {
  fileName: string | undefined;
  summary: ImportSummary;
  mode: ProgressMode;
  setMode: (m: ProgressMode) => void;
  onImport: () => void;
  onCancel: () => void;
  /** Text files: back to the column screen to change the separator, header row or mapping. */
  onBack?: () => void;
}

export function PreviewSummary({ fileName, summary, mode, setMode, onImport, onCancel, onBack }: Props) {
  return (
        <div class="summary">
          <p>
            <strong>{fileName}</strong> is ready to import. Nothing has been written yet.
          </p>
          <dl class="facts">
            <dt>Notes</dt>
            <dd>{summary.notes}</dd>
            <dt>Cards</dt>
            <dd>{summary.cards}</dd>
            {summary.clozeNotes > 0 && (
              <>
                <dt>Cloze notes</dt>
                <dd>{summary.clozeNotes}</dd>
              </>
            )}
            <dt>Media files</dt>
            <dd>{summary.media}</dd>
            {summary.reviewCards > 0 && (
              <>
                <dt>Cards with progress</dt>
                <dd>
                  {summary.reviewCards} ({summary.revlog} past reviews)
                </dd>
              </>
            )}
          </dl>
          {summary.keptEdits > 0 && (
            <p class="banner" role="note">
              {summary.keptEdits} {summary.keptEdits === 1 ? 'note' : 'notes'} of this file you edited in the app since the last import will keep your version: an import never overwrites your edits.
            </p>
          )}
          <h2>Decks</h2>
          <ul class="deck-preview">
            {Object.entries(summary.decks).map(([name, n]) => (
              <li key={name}>
                {name} <span class="muted">— {n} {n === 1 ? 'card' : 'cards'}</span>
              </li>
            ))}
          </ul>
          {Object.keys(summary.noteTypes).length > 0 && (
            <>
              <h2>Note types</h2>
              <ul class="deck-preview">
                {Object.entries(summary.noteTypes).map(([name, n]) => (
                  <li key={name}>
                    {name} <span class="muted">— {n} notes</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {summary.warnings.length > 0 && (
            <>
              <h2>Warnings</h2>
              <ul class="warnings">
                {summary.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </>
          )}
          {summary.reviewCards > 0 && (
            <fieldset class="mode">
              <legend>Scheduling</legend>
              <label>
                <input type="radio" name="mode" value="keep" checked={mode === 'keep'} onChange={() => setMode('keep')} /> Keep my progress (review history converted to FSRS)
              </label>
              <label>
                <input type="radio" name="mode" value="fresh" checked={mode === 'fresh'} onChange={() => setMode('fresh')} /> Start fresh (all cards new)
              </label>
            </fieldset>
          )}
          <div class="actions">
            <button class="btn btn-primary" onClick={() => onImport()}>
              Import {summary.cards} {summary.cards === 1 ? 'card' : 'cards'}
            </button>
            {onBack && (
              <button class="btn" onClick={onBack}>
                Change columns
              </button>
            )}
            <button class="btn" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
  );
}
