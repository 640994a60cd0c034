/**
 * Settings → Sync → "Changed on two devices": each note whose text lost a merge, the version in
 * use beside the other one (stacked on a phone), with "Keep this version" and "Use the other
 * version". Absent when there is nothing to decide. Loaded lazily by SyncSettings while sync is
 * on; the list itself (sync/conflicts.ts, which loads PouchDB) loads lazily too, and is read
 * again after every sync and every change of the collection. Field values are shown as text
 * (as the editor shows them), never as HTML.
 */
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConflictEntry, NoteVersion } from '../sync/conflicts';
import { onSyncStatus } from '../sync/trigger';
import { fieldText } from '../render/text';
import { ago } from './sync-text';
import { useApp } from './context';
import { errorMessage } from './errors';
import './sync-conflicts.css';

const loadConflicts = () => import('../sync/conflicts');

export function SyncConflicts() {
  const { dataVersion, bumpData, notify } = useApp();
  const [entries, setEntries] = useState<ConflictEntry[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  /** What went wrong with a choice (stays until the next sync) or with reading the list (until a read works). */
  const [problem, setProblem] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const alive = useRef(true);
  const reads = useRef(0);
  const list = useRef<HTMLUListElement>(null);
  const acting = useRef(false);

  const reload = async (afterSync = false) => {
    const n = ++reads.current;
    try {
      const next = await (await loadConflicts()).listConflicts();
      // Only the newest read counts (a sync and an action can overlap).
      if (!alive.current || n !== reads.current) return;
      setEntries(next);
      setReadError(null);
      if (afterSync) setProblem(null);
      setNow(Date.now());
    } catch (e) {
      if (alive.current && n === reads.current) setReadError(`The notes changed on two devices could not be read. ${errorMessage(e)}`);
    }
  };
  useEffect(() => {
    alive.current = true;
    // Every sync (automatic ones too) reports its start and end here.
    const off = onSyncStatus(() => void reload(true));
    return () => {
      alive.current = false;
      off();
    };
  }, []);
  // The collection changed: a sync that applied something (prepdeck:data-changed), another tab, an action here.
  useEffect(() => void reload(), [dataVersion]);

  const decide = async (entry: ConflictEntry, choice: 'keep' | 'other') => {
    // One choice at a time; the buttons stay enabled (a disabled button would drop the focus).
    if (acting.current) return;
    acting.current = true;
    setBusy(entry.id);
    setProblem(null);
    const at = entries.indexOf(entry);
    try {
      const c = await loadConflicts();
      if (choice === 'keep') await c.keepCurrent(entry.id);
      else await c.useOther(entry.id);
      if (!alive.current) return;
      notify(choice === 'keep' ? 'Kept the version in use.' : 'Now using the other version.');
      setEntries((all) => all.filter((e) => e.id !== entry.id));
      bumpData();
      // Focus goes on to the next note, or to the Sync heading once the list is empty (not to a
      // button: "Sync now" is disabled, so blurred, while the sync this choice starts runs).
      requestAnimationFrame(() => {
        const headings = list.current?.querySelectorAll<HTMLElement>('.conflict-title');
        const next = headings?.[Math.min(at, headings.length - 1)];
        (next ?? document.getElementById('sync-title'))?.focus();
      });
    } catch (e) {
      if (alive.current) {
        setProblem(errorMessage(e));
        void reload();
      }
    } finally {
      acting.current = false;
      if (alive.current) setBusy(null);
    }
  };

  const shown = problem ?? readError;
  if (!entries.length && !shown) return null;
  return (
    <section class="sync-conflicts" aria-labelledby="sync-conflicts-title">
      <h3 id="sync-conflicts-title">Changed on two devices</h3>
      <p class="muted hint">These notes were changed on two devices before they synced. The newer change is in use; the other one is kept here until you choose.</p>
      <div class={shown ? 'banner banner-error sync-problem' : 'sync-problem'} role="alert">
        {shown}
      </div>
      {entries.length > 0 && (
        <ul class="conflict-list" ref={list}>
          {entries.map((entry) => (
            <ConflictItem key={entry.id} entry={entry} now={now} busy={busy === entry.id} onDecide={(choice) => void decide(entry, choice)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictItem({ entry, now, busy, onDecide }: { entry: ConflictEntry; now: number; busy: boolean; onDecide: (choice: 'keep' | 'other') => void }) {
  const key = entry.id.replace(/[^A-Za-z0-9_-]/g, '_');
  const titleId = `conflict-${key}`;
  const hintId = `conflict-${key}-hint`;
  const shown = 'deleted' in entry.current ? entry.other : entry.current;
  const title = ('deleted' in shown ? '' : fieldText(shown.fields[0] ?? '', entry.format, 80)) || 'A note';
  // The other version is an edit of a note that is deleted here: it brings the note back, or,
  // from a conflict recorded without the note's deck and type, there is nothing to put it into.
  const deletedHere = 'deleted' in entry.current && !('deleted' in entry.other);
  const cannot = deletedHere && !entry.restorable;
  return (
    <li class="conflict" aria-labelledby={titleId} aria-busy={busy}>
      <h4 class="conflict-title" id={titleId} tabIndex={-1}>
        {title}
      </h4>
      <div class="conflict-versions">
        <div class="conflict-version">
          <p class="conflict-label">
            <strong>In use now</strong>
            <span class="muted"> · {'deleted' in entry.current ? 'deleted' : 'changed'} {ago(entry.current.mtime, now)}</span>
          </p>
          <VersionView version={entry.current} other={entry.other} names={entry.fieldNames} />
          <button type="button" class="btn" aria-describedby={titleId} onClick={() => onDecide('keep')}>
            Keep this version
          </button>
        </div>
        <div class="conflict-version">
          <p class="conflict-label">
            <strong>Other version</strong>
            <span class="muted"> · {'deleted' in entry.other ? 'deleted' : 'changed'} {ago(entry.other.mtime, now)}</span>
          </p>
          <VersionView version={entry.other} other={entry.current} names={entry.fieldNames} />
          {deletedHere && (
            <p class="hint muted" id={hintId}>
              {cannot ? 'This note was deleted, so this version cannot be put back into it. Copy its text into a new card if you want to keep it.' : 'This note was deleted; using this version brings it back with its cards and their history.'}
            </p>
          )}
          <button type="button" class="btn" aria-describedby={deletedHere ? `${titleId} ${hintId}` : titleId} onClick={() => onDecide('other')}>
            Use the other version
          </button>
        </div>
      </div>
    </li>
  );
}

/** One version: the note's fields (text, as typed) and tags, marking what differs from the other; or "Deleted". */
function VersionView({ version, other, names }: { version: NoteVersion; other: NoteVersion; names: string[] | undefined }) {
  if ('deleted' in version) return <p class="conflict-deleted">Deleted</p>;
  const theirs = 'deleted' in other ? undefined : other;
  const count = Math.max(version.fields.length, names?.length ?? 0);
  const tags = version.tags.join(' ');
  const changed = (mine: string, their: string | undefined) => theirs !== undefined && mine !== their;
  const row = (key: string, name: string, value: string, differs: boolean, empty = '(empty)') => (
    <Fragment key={key}>
      <dt>
        {name}
        {differs && <span class="conflict-changed"> · differs</span>}
      </dt>
      <dd class={differs ? 'conflict-value conflict-value-changed' : 'conflict-value'}>{value === '' ? <span class="muted">{empty}</span> : value}</dd>
    </Fragment>
  );
  return (
    <dl class="conflict-fields">
      {Array.from({ length: count }, (_, i) => row(`f${i}`, names?.[i] ?? `Field ${i + 1}`, version.fields[i] ?? '', changed(version.fields[i] ?? '', theirs?.fields[i] ?? '')))}
      {(tags || (theirs && theirs.tags.length > 0)) && row('tags', 'Tags', tags, changed(tags, theirs?.tags.join(' ')), '(none)')}
    </dl>
  );
}
