/**
 * Schema 15–18 (collection.anki21b, and newer collection.anki21 files): note types, fields,
 * templates and decks have their own tables with protobuf `config`/`kind` columns. Name columns
 * are `COLLATE unicase`, a collation sql.js does not have: queries never sort or compare on them
 * in SQL; ordering happens here in code.
 */
import type { Database } from 'sql.js';
import { normalizeDeckName } from '../shared/ids';
import type { AnkiDeck, AnkiNotetype, AnkiTemplate } from './model';
import { decodeMessage, messageFields, stringField, uintField } from './protobuf';
import { blob, num, selectRows, str } from './sqlite';

/** Notetype.Config: kind = 1 (KIND_CLOZE = 1), latex_svg = 7. */
const NOTETYPE_KIND = 1;
const NOTETYPE_LATEX_SVG = 7;
/** Notetype.Config.css = 3. */
const NOTETYPE_CSS = 3;
/** Template.Config: q_format = 1, a_format = 2. */
const TEMPLATE_QFMT = 1;
const TEMPLATE_AFMT = 2;
/** Deck.KindContainer: normal = 1 (Normal.description = 4), filtered = 2. */
const DECK_NORMAL = 1;
const DECK_FILTERED = 2;
const NORMAL_DESCRIPTION = 4;

export function readLatestNotetypes(db: Database): Map<number, AnkiNotetype> {
  const out = new Map<number, AnkiNotetype>();
  for (const row of selectRows(db, 'SELECT id, name, config FROM notetypes', (r) => r)) {
    const config = decodeMessage(blob(row[2]), 'note type settings');
    const id = num(row[0]);
    out.set(id, { id, name: str(row[1]) || `Note type ${id}`, cloze: uintField(config, NOTETYPE_KIND) === 1, fields: [], templates: [], latexSvg: uintField(config, NOTETYPE_LATEX_SVG) === 1, css: stringField(config, NOTETYPE_CSS) });
  }
  const fields = selectRows(db, 'SELECT ntid, ord, name FROM fields', (r) => ({ ntid: num(r[0]), ord: num(r[1]), name: str(r[2]) }));
  fields.sort((a, b) => a.ntid - b.ntid || a.ord - b.ord);
  for (const f of fields) out.get(f.ntid)?.fields.push(f.name);
  const templates = selectRows(db, 'SELECT ntid, ord, name, config FROM templates', (r) => {
    const config = decodeMessage(blob(r[3]), 'card template');
    const t: AnkiTemplate = { ord: num(r[1]), name: str(r[2]), qfmt: stringField(config, TEMPLATE_QFMT), afmt: stringField(config, TEMPLATE_AFMT) };
    return { ntid: num(r[0]), t };
  });
  templates.sort((a, b) => a.ntid - b.ntid || a.t.ord - b.t.ord);
  for (const { ntid, t } of templates) out.get(ntid)?.templates.push(t);
  return out;
}

export function readLatestDecks(db: Database): Map<number, AnkiDeck> {
  const out = new Map<number, AnkiDeck>();
  for (const row of selectRows(db, 'SELECT id, name, kind FROM decks', (r) => r)) {
    const id = num(row[0]);
    const kind = decodeMessage(blob(row[2]), 'deck settings');
    const normal = messageFields(kind, DECK_NORMAL, 'deck settings')[0];
    // Levels are separated by \x1f in the database; users see and type "::".
    const name = normalizeDeckName(str(row[1]).split('\x1f').join('::'));
    out.set(id, { id, name: name || `Deck ${id}`, filtered: kind.has(DECK_FILTERED), description: normal ? stringField(normal, NORMAL_DESCRIPTION) : '' });
  }
  return out;
}
