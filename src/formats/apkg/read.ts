/**
 * Reader for Anki packages (.apkg, .colpkg) of all three generations: bytes in, ImportPlan out.
 * Steps as in Anki's importer: open the zip, pick the collection by package version, read it
 * with sql.js, build notes/cards/decks, then gather the media the notes need.
 */
import type { SqlJsStatic } from 'sql.js';
import type { ImportPlan, PlanMedia } from '../plan';
import { mimeFor } from '../shared/mime';
import { checkpoint, progressReporter, type JobControl } from '../shared/progress';
import { openZip } from '../shared/zip';
import { readCollection } from './collection';
import { deckResolver } from './decks';
import { readMediaFile, readMediaMap } from './media';
import { packageLayout } from './meta';
import type { AnkiCollection } from './model';
import { buildNotes } from './notes';
import { openCollection } from './sqlite';
import { unzstd } from './zstd';

export interface ApkgReadOptions extends JobControl {
  sql: SqlJsStatic;
}

const SUFFIX = { 'collection.anki2': 'anki2', 'collection.anki21': 'anki21', 'collection.anki21b': 'anki21b' } as const;

function loadCollection(sql: SqlJsStatic, data: Uint8Array, member: string, warnings: string[]): AnkiCollection {
  const db = openCollection(sql, data, member);
  try {
    return readCollection(db, member, warnings);
  } finally {
    db.close();
  }
}

export async function readApkg(bytes: Uint8Array, fileName: string, opts: ApkgReadOptions): Promise<ImportPlan> {
  const progress = progressReporter(opts.onProgress);
  const warnings: string[] = [];
  const zip = openZip(bytes, 'Anki package');
  const layout = packageLayout(zip);
  const stored = zip.read(layout.collection);
  // openCollection patches the header of what it gets: give it bytes of its own.
  const data = layout.zstd ? unzstd(stored, 'collection') : stored.slice();
  progress(0.1);
  await checkpoint(opts.signal);

  const col = loadCollection(opts.sql, data, layout.collection, warnings);
  progress(0.3);
  await checkpoint(opts.signal);

  const mediaMap = readMediaMap(zip, layout, warnings);
  const media: CollectionMedia = { names: mediaMap.map((m) => m.name), read: (i) => readMediaFile(zip, mediaMap[i]!, layout, warnings) };
  const format = `${/\.colpkg$/i.test(fileName) ? 'colpkg' : 'apkg'}-${SUFFIX[layout.collection]}`;
  return planFromCollection(col, media, warnings, { ...opts, progress, format });
}

/** A package's media: names in map order, and the bytes of the i-th (undefined, with a warning, when missing or damaged). */
export interface CollectionMedia {
  names: string[];
  read(index: number): Uint8Array | undefined;
}

/**
 * The plan for a collection read by any reader (Anki packages, CrowdAnki): notes, cards and
 * decks built as Anki does, then the media the notes need. Progress runs from 0.3 to 1.
 */
export async function planFromCollection(col: AnkiCollection, mediaSource: CollectionMedia, warnings: string[], opts: JobControl & { progress: (f: number) => void; format: string }): Promise<ImportPlan> {
  const { progress } = opts;
  const mediaNames = new Set(mediaSource.names);
  const decks = deckResolver(col.decks);
  const built = await buildNotes(col, decks, mediaNames, warnings, { ...opts, progress: (f) => progress(0.3 + 0.5 * f) });
  const planDecks = decks.planDecks(built.deckNamesWithCards);

  // Media: one record per deck whose notes show it; unreferenced files (e.g. shared assets)
  // go with the first deck that has cards, so every map entry is kept.
  const decksWithCards = new Set(built.cards.map((c) => c.deckId));
  const fallbackDeck = planDecks.find((d) => decksWithCards.has(d.id))?.id ?? planDecks[0]?.id;
  const media: PlanMedia[] = [];
  for (let i = 0; i < mediaSource.names.length; i++) {
    if (i % 50 === 49) {
      progress(0.8 + (0.2 * i) / mediaSource.names.length);
      await checkpoint(opts.signal);
    }
    const name = mediaSource.names[i]!;
    const deckIds = built.mediaDecks.get(name) ?? (fallbackDeck ? new Set([fallbackDeck]) : new Set<string>());
    if (deckIds.size === 0) continue;
    const fileBytes = mediaSource.read(i);
    if (!fileBytes) continue;
    const mime = mimeFor(name, fileBytes);
    for (const deckId of deckIds) media.push({ deckId, name, mime, data: fileBytes });
  }

  if (built.missingMedia.length) {
    const list = built.missingMedia.slice(0, 5).map((n) => `"${n}"`).join(', ');
    const more = built.missingMedia.length > 5 ? ` and ${built.missingMedia.length - 5} more` : '';
    warnings.push(`${built.missingMedia.length} referenced media file${built.missingMedia.length === 1 ? ' is' : 's are'} not in the package: ${list}${more}. Those images will not show.`);
  }
  if (built.strippedScripts)
    warnings.push(`${built.strippedScripts} script${built.strippedScripts === 1 ? '' : 's'} or event handler${built.strippedScripts === 1 ? '' : 's'} in the cards will be removed when they are shown.`);
  progress(1);
  return {
    format: opts.format,
    decks: planDecks,
    noteTypes: built.noteTypes,
    notes: built.notes,
    cards: built.cards,
    revlog: built.revlog,
    media,
    warnings,
    stats: { clozeNotes: built.clozeNotes, mediaInMap: mediaSource.names.length, missingMedia: built.missingMedia, strippedScripts: built.strippedScripts },
  };
}
