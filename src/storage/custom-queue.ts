/**
 * The cards of a custom study session (core/custom-study.ts), read for the session's decks:
 * forgotten (answered Again in the last N days; from the review log's time index), ahead
 * (review cards due after today and within N days; from the card index), or tagged (the decks'
 * notes, packed ones included). Suspended and buried cards are left out.
 */
import { CardState, QueueBucket, type CardRecord, type Settings } from '../core/types';
import { learningHorizon } from '../core/queue';
import { DEFAULT_DECAY, retrievability } from '../core/readiness';
import { nextStudyDayStart } from '../core/time';
import { parseCustomScope, tagMatches, type CustomSpec } from '../core/custom-study';
import { AppError, ErrorCode } from '../core/errors';
import type { StudyQueue } from '../core/queue';
import { logSince } from './log-packs';
import { openDatabase } from './db';
import { scopeDecks, scopeDecksOf } from './queue';
import { unpackAll } from './packs';
import { getCard } from './records';
import { PACK_STORES, packStores, unpackNotes } from './packed';
import { writeTransaction } from './write';

const DAY = 86_400_000;

/** The queue of a `custom:` study scope; a scope that cannot be read is refused in words. */
export async function loadCustomScope(scope: string, now: number, settings: Settings, dbName?: string): Promise<StudyQueue> {
  const spec = parseCustomScope(scope);
  if (!spec) throw new AppError(ErrorCode.Invalid, 'This custom study link cannot be read. Start it again from the done view or the deck overview.');
  return loadCustomQueue(spec, now, settings, dbName);
}

export async function loadCustomQueue(spec: CustomSpec, now: number, settings: Settings, dbName?: string): Promise<StudyQueue> {
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const decks = spec.decks ? await scopeDecksOf(db, spec.decks) : await scopeDecks(db, spec.deck);
  const inScope = (deckId: string) => decks === 'all' || decks.includes(deckId);
  const studiable = (c: CardRecord | undefined): c is CardRecord => !!c && !c.suspended && c.bucket !== QueueBucket.Buried && inScope(c.deckId);
  let cards: CardRecord[] = [];
  if (spec.kind === 'forgotten') {
    const logs = await logSince(db, now - spec.days! * DAY);
    const ids = [...new Set(logs.filter((l) => l.rating === 1 && inScope(l.deckId)).reverse().map((l) => l.cardId))];
    cards = (await Promise.all(ids.map((id) => getCard(id, dbName)))).filter(studiable);
  } else if (spec.kind === 'ahead') {
    const range = (deck?: string) =>
      deck === undefined
        ? db.getAllFromIndex('cards', 'byBucketDue', IDBKeyRange.bound([QueueBucket.Review, dayEnd], [QueueBucket.Review, dayEnd + spec.days! * DAY], false, true))
        : db.getAllFromIndex('cards', 'byDeckBucketDue', IDBKeyRange.bound([deck, QueueBucket.Review, dayEnd], [deck, QueueBucket.Review, dayEnd + spec.days! * DAY], false, true));
    cards = (await Promise.all((decks === 'all' ? [undefined] : decks).map(range))).flat().filter(studiable);
    cards.sort((a, b) => a.due - b.due);
  } else if (spec.kind === 'plan' || spec.kind === 'fading') {
    const inDecks = decks === 'all' ? await db.getAll('cards') : (await Promise.all(decks.map((d) => db.getAllFromIndex('cards', 'byDeck', d)))).flat();
    const live = inDecks.filter(studiable);
    if (spec.kind === 'plan') {
      const horizon = learningHorizon(dayEnd, now);
      const due = live.filter((c) => (c.bucket === QueueBucket.Learning && c.due < horizon) || (c.bucket === QueueBucket.Review && c.due < dayEnd)).sort((a, b) => a.due - b.due);
      let fresh = live.filter((c) => c.bucket === QueueBucket.New).sort((a, b) => a.due - b.due);
      // Not enough new cards in the indexed stores: the decks' packs hold the rest.
      if (fresh.length < spec.newCards!) {
        const packs = (await Promise.all((decks === 'all' ? [undefined] : decks).map((d) => db.getAll('packs', d === undefined ? undefined : IDBKeyRange.bound([d], [d, []]))))).flat();
        fresh = [...fresh, ...unpackAll(packs).cards.sort((a, b) => a.due - b.due)];
      }
      cards = [...due, ...fresh.slice(0, spec.newCards)];
    } else {
      const decay = DEFAULT_DECAY;
      cards = live.filter((c) => c.state !== CardState.New && (c.last_review ?? 0) > 0).sort((a, b) => retrievability(decay, a.last_review!, a.stability, spec.at!) - retrievability(decay, b.last_review!, b.stability, spec.at!));
    }
  } else {
    const tx = db.transaction(['notes', 'cards', 'packs']);
    const deckIds = decks === 'all' ? undefined : decks;
    const notes = deckIds ? (await Promise.all(deckIds.map((d) => tx.objectStore('notes').index('byDeck').getAll(d)))).flat() : await tx.objectStore('notes').getAll();
    const packs = deckIds ? (await Promise.all(deckIds.map((d) => tx.objectStore('packs').getAll(IDBKeyRange.bound([d], [d, []]))))).flat() : await tx.objectStore('packs').getAll();
    const packed = unpackAll(packs);
    const wanted = new Set([...notes, ...packed.notes].filter((n) => tagMatches(n.tags, spec.tag!)).map((n) => n.id));
    const indexed = (await Promise.all([...wanted].map((id) => tx.objectStore('cards').index('byNote').getAll(id)))).flat();
    await tx.done;
    cards = [...indexed, ...packed.cards.filter((c) => wanted.has(c.noteId))].filter(studiable);
    // Cards already studied first (most due first), then new ones in deck order.
    cards.sort((a, b) => Number(a.bucket === QueueBucket.New) - Number(b.bucket === QueueBucket.New) || a.due - b.due);
  }
  const main = spec.kind === 'plan' ? cards : cards.slice(0, spec.limit);
  // A counted answer is written to the indexed stores: never-studied cards still in packs move
  // there first (a physical move, no record changes), as today's queue moves them.
  const packedIds = main.filter((c) => c.bucket === QueueBucket.New).map((c) => c.id);
  if (!spec.cram && packedIds.length) await writeTransaction(dbName, [...PACK_STORES], 'The cards could not be prepared', async (tx, writes) => void (await unpackNotes(packStores(tx), [], packedIds, writes)));
  return { learning: [], main, dayEnd };
}
