/** The storage layer's public surface: the only code that touches IndexedDB. */
export { openDatabase, closeDatabase, setVersionChangeHandler } from './db';
export { DB_NAME, DB_VERSION } from './schema';
export { getSettings, saveSettings, getMeta, setMeta, firstUseAt } from './settings';
export { loadStudyQueue, listDeckSummaries, nextDueAfter, limitsLeft, listDecks, type DeckSummary, type DeckScope } from './queue';
export { commitReview, undoReview, getStory, saveStory, countReviews, StaleCardError, type BurySiblings, type CommittedReview } from './review';
export { getNote, getCard, getNoteCards, getNoteType, listNoteTypes, currentUsn, changesSince, type Changes } from './records';
export { updateNote, restoreOriginal, revertNote, findDuplicates, addNote, deleteNotes, restoreDeleted, recreateNote, cleanTags, type NoteChange, type EditResult, type NewNote, type Deleted, type RecreatedNote } from './edit';
export { setCards, restoreCards, tagNotes, restoreNotes, applyCardAction, type CardAction } from './card-actions';
export { unburyExpired } from './bury';
export { applyBuiltinDeck, syncBuiltinDecks, builtinCardId } from './builtin';
export { builtinDecksToApply } from './builtin-check';
export { readSnapshot, restoreSnapshot } from './snapshot';
export { getMediaBlobs } from './media';
export { commitImportPlan, type ImportResult, type ProgressMode } from './import';
export { readDeckForExport, type DeckExport } from './export';
