/** CSV/TSV/text imports: how to read the file (spreadsheet or Quizlet export), the separator, the header row and what each column holds. */
import { useState } from 'preact/hooks';
import type { ColumnRole, TextOptions, TextPreview } from '../../formats';
import { escapeSeparator, QUIZLET_DEFAULT, unescapeSeparator } from '../../formats/text/quizlet';

export const ROLES: { value: ColumnRole; label: string }[] = [
  { value: 'front', label: 'Front' },
  { value: 'back', label: 'Back' },
  { value: 'tags', label: 'Tags' },
  { value: 'deck', label: 'Deck' },
  { value: 'guid', label: 'Id (for re-import)' },
  { value: 'notetype', label: 'Note type' },
  { value: 'ignore', label: 'Ignore' },
];
export const SEPARATORS: { value: string; label: string }[] = [
  { value: '', label: 'Detect automatically' },
  { value: ',', label: 'Comma' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon' },
  { value: '|', label: 'Pipe' },
];
/** The presets of Quizlet's export dialog. */
const TERM_PRESETS = [
  { value: '\t', label: 'Tab' },
  { value: ',', label: 'Comma' },
];
const CARD_PRESETS = [
  { value: '\n', label: 'New line' },
  { value: ';', label: 'Semicolon' },
];
const CUSTOM = 'custom';

interface Props {
  fileName: string;
  preview: TextPreview;
  textOpts: TextOptions;
  setTextOpts: (o: TextOptions) => void;
  refreshColumns: (o: TextOptions) => Promise<void>;
  onContinue: () => void;
  onCancel: () => void;
}

function SeparatorField({ id, label, presets, value, onChange }: { id: string; label: string; presets: { value: string; label: string }[]; value: string; onChange: (v: string) => void }) {
  const preset = presets.some((p) => p.value === value);
  const [custom, setCustom] = useState(!preset);
  const [text, setText] = useState(preset ? '' : escapeSeparator(value));
  return (
    <div class="field sep-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={custom ? CUSTOM : value}
        onChange={(e) => {
          const v = (e.target as HTMLSelectElement).value;
          setCustom(v === CUSTOM);
          if (v !== CUSTOM) onChange(v);
          else if (text !== '') onChange(unescapeSeparator(text));
        }}
      >
        {presets.map((p) => (
          <option key={p.label} value={p.value}>
            {p.label}
          </option>
        ))}
        <option value={CUSTOM}>Custom</option>
      </select>
      {custom && (
        <input
          id={`${id}-custom`}
          type="text"
          aria-label={`${label}: custom`}
          placeholder="e.g. \n\n or -"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
          onBlur={() => text !== '' && unescapeSeparator(text) !== value && onChange(unescapeSeparator(text))}
          onKeyDown={(e) => e.key === 'Enter' && text !== '' && onChange(unescapeSeparator(text))}
        />
      )}
    </div>
  );
}

export function ColumnsStep({ fileName, preview, textOpts, setTextOpts, refreshColumns, onContinue, onCancel }: Props) {
  const quizlet = textOpts.quizlet;
  const roles = textOpts.columns ?? preview.suggestedColumns;
  const names = preview.columnNames ?? preview.headerRow;
  const hasFront = roles.slice(0, preview.columnCount).includes('front');
  return (
    <div class="columns-step">
      <p class="file-line">
        <strong>{fileName}</strong>: {preview.columnCount} columns, {preview.encoding}. Choose what each column holds.
      </p>
      <fieldset class="read-as">
        <legend>Read the file as</legend>
        <label>
          <input type="radio" name="read-as" checked={!quizlet} onChange={() => void refreshColumns({})} /> A spreadsheet or Anki text export (CSV, TSV)
        </label>
        <label>
          <input type="radio" name="read-as" checked={!!quizlet} onChange={() => void refreshColumns({ quizlet: QUIZLET_DEFAULT })} /> A Quizlet export
        </label>
      </fieldset>
      {preview.warnings.map((w) => (
        <p key={w} class="banner">
          {w}
        </p>
      ))}
      {quizlet ? (
        <div class="quizlet-seps">
          <p class="muted">Choose the separators you picked in Quizlet’s export. For a custom one, type \n for a new line and \t for a tab.</p>
          <SeparatorField id="term-sep" label="Between term and definition" presets={TERM_PRESETS} value={quizlet.term} onChange={(term) => void refreshColumns({ ...textOpts, quizlet: { ...quizlet, term } })} />
          <SeparatorField id="card-sep" label="Between cards" presets={CARD_PRESETS} value={quizlet.card} onChange={(card) => void refreshColumns({ ...textOpts, quizlet: { ...quizlet, card } })} />
        </div>
      ) : (
        <>
          <div class="field">
            <label for="separator">Separator</label>
            <select id="separator" value={textOpts.separator ?? ''} onChange={(e) => void refreshColumns({ ...textOpts, separator: (e.target as HTMLSelectElement).value || undefined, columns: undefined })}>
              {SEPARATORS.map((s) => (
                <option key={s.label} value={s.value}>
                  {s.label}
                  {s.value === preview.separator && textOpts.separator === undefined ? ' (detected)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div class="field field-check">
            <input
              id="header-row"
              type="checkbox"
              checked={textOpts.hasHeaderRow ?? preview.hasHeaderRow}
              onChange={(e) => void refreshColumns({ ...textOpts, hasHeaderRow: (e.target as HTMLInputElement).checked, columns: undefined })}
            />
            <label for="header-row">The first row holds column names</label>
          </div>
          <div class="field field-check">
            <input id="html-fields" type="checkbox" checked={textOpts.html ?? preview.html} onChange={(e) => setTextOpts({ ...textOpts, html: (e.target as HTMLInputElement).checked })} />
            <label for="html-fields">Fields contain HTML</label>
          </div>
        </>
      )}
      <div class="table-wrap" role="region" aria-label="First rows of the file" tabIndex={0}>
        <table class="preview-table">
          <thead>
            <tr>
              {Array.from({ length: preview.columnCount }, (_, i) => (
                <th key={i} scope="col">
                  <label class="visually-hidden" for={`col-${i}`}>
                    Column {i + 1}
                    {names?.[i] ? ` (${names[i]})` : ''}
                  </label>
                  <select
                    id={`col-${i}`}
                    value={roles[i] ?? 'ignore'}
                    onChange={(e) => {
                      const cols = Array.from({ length: preview.columnCount }, (_, k) => roles[k] ?? 'ignore');
                      cols[i] = (e.target as HTMLSelectElement).value as ColumnRole;
                      setTextOpts({ ...textOpts, columns: cols });
                    }}
                  >
                    {ROLES.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                  {names?.[i] && <span class="col-name">{names[i]}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.slice(0, 5).map((row, r) => (
              <tr key={r}>
                {Array.from({ length: preview.columnCount }, (_, i) => (
                  <td key={i}>{(row[i] ?? '').slice(0, 80)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!hasFront && (
        <p class="banner" role="alert">
          No column is set to Front: choose the column that holds the question.
        </p>
      )}
      <div class="actions">
        <button class="btn btn-primary" disabled={!hasFront} onClick={() => onContinue()}>
          Continue
        </button>
        <button class="btn" onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </div>
  );
}
