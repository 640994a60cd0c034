/** CSV/TSV/text imports: the separator, the header row and what each column holds. */
import type { ColumnRole, TextOptions, TextPreview } from '../../formats';

export const ROLES: { value: ColumnRole; label: string }[] = [
  { value: 'front', label: 'Front' },
  { value: 'back', label: 'Back' },
  { value: 'tags', label: 'Tags' },
  { value: 'deck', label: 'Deck' },
  { value: 'ignore', label: 'Ignore' },
];
export const SEPARATORS: { value: string; label: string }[] = [
  { value: '', label: 'Detect automatically' },
  { value: ',', label: 'Comma' },
  { value: '\t', label: 'Tab' },
  { value: ';', label: 'Semicolon' },
  { value: '|', label: 'Pipe' },
];


interface Props {
  fileName: string;
  preview: TextPreview;
  textOpts: TextOptions;
  setTextOpts: (o: TextOptions) => void;
  refreshColumns: (o: TextOptions) => Promise<void>;
  onContinue: () => void;
  onCancel: () => void;
}

export function ColumnsStep({ fileName, preview, textOpts, setTextOpts, refreshColumns, onContinue, onCancel }: Props) {
  return (
        <div class="columns-step">
          <p>
            <strong>{fileName}</strong>: {preview.columnCount} columns, {preview.encoding}. Choose what each column holds.
          </p>
          {preview.warnings.map((w) => (
            <p key={w} class="banner">
              {w}
            </p>
          ))}
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
            <input id="header-row" type="checkbox" checked={textOpts.hasHeaderRow ?? preview.hasHeaderRow} onChange={(e) => void refreshColumns({ ...textOpts, hasHeaderRow: (e.target as HTMLInputElement).checked })} />
            <label for="header-row">The first row holds column names</label>
          </div>
          <div class="field field-check">
            <input id="html-fields" type="checkbox" checked={textOpts.html ?? preview.html} onChange={(e) => setTextOpts({ ...textOpts, html: (e.target as HTMLInputElement).checked })} />
            <label for="html-fields">Fields contain HTML</label>
          </div>
          <div class="table-wrap">
            <table class="preview-table">
              <thead>
                <tr>
                  {Array.from({ length: preview.columnCount }, (_, i) => (
                    <th key={i} scope="col">
                      <label class="visually-hidden" for={`col-${i}`}>
                        Column {i + 1}
                      </label>
                      <select
                        id={`col-${i}`}
                        value={(textOpts.columns ?? preview.suggestedColumns)[i] ?? 'ignore'}
                        onChange={(e) => {
                          const cols = [...(textOpts.columns ?? preview.suggestedColumns)];
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
                      {preview.headerRow?.[i] && <span class="col-name">{preview.headerRow[i]}</span>}
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
          <div class="actions">
            <button class="btn btn-primary" onClick={() => onContinue()}>
              Continue
            </button>
            <button class="btn" onClick={onCancel}>
              Choose another file
            </button>
          </div>
        </div>
  );
}
