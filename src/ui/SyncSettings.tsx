/**
 * Settings → Sync: turn sync on with a server, user and password; once on, the status line,
 * "Sync now" and "Turn off sync", and the "Changed on two devices" list (SyncConflicts.tsx).
 * The client (PouchDB) loads only from here and from the trigger.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import type { SyncConfig, SyncOutcome, SyncProgress, SyncStatus } from '../sync/api';
import { onSyncStatus, SYNC_FLAG } from '../sync/trigger';
import { checkSyncForm, progressLabel, statusLine, type SyncField } from './sync-text';
import { useApp } from './context';
import { errorMessage } from './errors';
import './sync.css';

const loadClient = () => import('../sync/client');
// "Changed on two devices": its own chunk, loaded once sync is on (absent while there is nothing to decide).
const SyncConflicts = lazy(() => import('./SyncConflicts').then((m) => ({ default: m.SyncConflicts })));

const OFF: SyncStatus = { enabled: false, pending: 0, running: false };

/** The trigger's mirror of "sync is on" (client.ts keeps it in step with the device's settings). */
function syncFlag(): boolean {
  try {
    return localStorage.getItem(SYNC_FLAG) === '1';
  } catch {
    return true;
  }
}

interface Problem {
  field?: SyncField;
  message: string;
}

export function SyncSettings() {
  const { bumpData, notify } = useApp();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [busy, setBusy] = useState<'on' | 'now' | 'off' | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [form, setForm] = useState<SyncConfig>({ server: '', user: '', password: '' });
  const [now, setNow] = useState(() => Date.now());
  const alive = useRef(true);

  const refresh = async () => {
    try {
      // Sync never turned on here: the off form shows at once, without loading the client.
      const s = syncFlag() ? await (await loadClient()).getSyncStatus() : OFF;
      if (alive.current) {
        setStatus(s);
        setNow(Date.now());
      }
    } catch (e) {
      if (alive.current) setProblem({ message: `Sync could not start on this device. ${errorMessage(e)}` });
    }
  };
  useEffect(() => {
    alive.current = true;
    void refresh();
    // Automatic syncs (start, online, after a session) report here too.
    const off = onSyncStatus(() => void refresh());
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      alive.current = false;
      off();
      clearInterval(tick);
    };
  }, []);

  const onProgress = (p: SyncProgress) => {
    if (alive.current) setProgress(p);
  };
  /** Runs one sync action; an outcome's message (wrong password, unreachable…) is shown as is. */
  const run = async (kind: 'on' | 'now', action: () => Promise<SyncOutcome>) => {
    setBusy(kind);
    setProblem(null);
    setResult(null);
    setProgress({ phase: 'connect', done: 0 });
    try {
      const outcome = await action();
      if (!alive.current) return;
      if (outcome.ok) {
        setResult(doneLine(outcome.pushed, outcome.pulled));
        if (kind === 'on') setForm((f) => ({ ...f, password: '' }));
        if (outcome.pulled > 0) bumpData();
      } else setProblem({ message: outcome.message });
    } catch (e) {
      if (alive.current) setProblem({ message: errorMessage(e) });
    } finally {
      if (alive.current) {
        setBusy(null);
        setProgress(null);
        await refresh();
      }
    }
  };

  const turnOn = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const checked = checkSyncForm(form);
    if (!checked.ok) {
      setResult(null);
      setProblem(checked.problem);
      document.getElementById(`sync-${checked.problem.field}`)?.focus();
      return;
    }
    void run('on', async () => (await loadClient()).enableSync(checked.config, onProgress));
  };
  const syncNow = () => void run('now', async () => (await loadClient()).syncNow(onProgress));
  const turnOff = async () => {
    if (!confirm('Turn off sync on this device? Your cards and reviews stay on this device.')) return;
    setBusy('off');
    setProblem(null);
    setResult(null);
    try {
      await (await loadClient()).disableSync();
      notify('Sync is off. Your cards and reviews stay on this device.');
    } catch (e) {
      if (alive.current) setProblem({ message: errorMessage(e) });
    } finally {
      if (alive.current) {
        setBusy(null);
        await refresh();
      }
    }
  };

  const set = (k: keyof SyncConfig) => (e: Event) => {
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
    if (problem?.field === k) setProblem(null);
  };
  const invalid = (k: SyncField) => (problem?.field === k ? { 'aria-invalid': true, 'aria-describedby': 'sync-problem' } : {});
  // An error of an automatic sync, newer than the last good one, is shown until the next try.
  const background = status?.lastError && !(status.lastSyncAt && status.lastSyncAt > status.lastError.at) ? status.lastError.message : null;
  const shownProblem = problem?.message ?? (busy ? null : background);

  // Progress and errors sit right under what started them: the form's button, or the status.
  const feedback = (
    <>
      {progress && <SyncProgressBar progress={progress} />}
      <div class={shownProblem ? 'banner banner-error sync-problem' : 'sync-problem'} role="alert" id="sync-problem">
        {shownProblem}
      </div>
    </>
  );

  return (
    <section class="sync" aria-labelledby="sync-title">
      <h2 id="sync-title" tabIndex={-1}>
        Sync
      </h2>
      {status === null && (problem ? feedback : <p class="muted">Checking sync…</p>)}
      {status?.enabled ? (
        <>
          <dl class="facts">
            <dt>Server</dt>
            <dd class="sync-server">{status.server}</dd>
            <dt>User</dt>
            <dd>{status.user}</dd>
          </dl>
          <p class="sync-status" role="status" id="sync-status">
            {statusLine({ ...status, running: status.running || busy === 'now' }, now)}
            {result && !busy && <span class="muted"> {result}</span>}
          </p>
          {feedback}
        </>
      ) : (
        status && (
          <>
            <p class="muted">
              Sync keeps your decks, cards, notes, reviews and study options the same on all your devices, through a CouchDB server you choose. Reviews from every device are merged, never lost. Your password is stored on this device only, never in a backup.
            </p>
            <form class="sync-form" onSubmit={turnOn} noValidate>
              <div class="field">
                <label for="sync-server">Server</label>
                <input id="sync-server" class="control" type="url" inputMode="url" autocomplete="url" autocapitalize="none" spellcheck={false} placeholder="https://couch.example.org/userdb-…" value={form.server} onInput={set('server')} readOnly={busy !== null} {...invalid('server')} />
                <p class="hint muted">The address of your database on the server.</p>
              </div>
              <div class="field">
                <label for="sync-user">User</label>
                <input id="sync-user" class="control" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} value={form.user} onInput={set('user')} readOnly={busy !== null} {...invalid('user')} />
              </div>
              <div class="field">
                <label for="sync-password">Password</label>
                <input id="sync-password" class="control" type="password" autocomplete="current-password" value={form.password} onInput={set('password')} readOnly={busy !== null} {...invalid('password')} />
              </div>
              <button class="btn btn-primary" type="submit" disabled={busy !== null}>
                Turn on sync
              </button>
            </form>
            {feedback}
            <details class="sync-help">
              <summary>How do I get a server?</summary>
              <p>Any CouchDB 3 server works: one you run yourself, or a hosted CouchDB service. Turn on per-user databases (couch_peruser), allow this app’s address (CORS) and use HTTPS. The address to enter is your own database’s: userdb- followed by your user name in hexadecimal, e.g. https://couch.example.org/userdb-616c696365 for “alice”.</p>
              <p>
                To try sync on one computer, run <code>npm run sync-server</code> in Prepdeck’s source folder: it starts a small local server and prints what to enter here.
              </p>
              <p>The full steps are in docs/sync.md, in Prepdeck’s source.</p>
            </details>
          </>
        )
      )}

      {status?.enabled && (
        <div class="sync-actions">
          <button class="btn btn-primary" onClick={syncNow} disabled={busy !== null || status.running}>
            Sync now
          </button>
          <button class="btn btn-danger" onClick={() => void turnOff()} disabled={busy !== null}>
            Turn off sync
          </button>
        </div>
      )}
      {status?.enabled && (
        <Suspense fallback={null}>
          <SyncConflicts />
        </Suspense>
      )}
    </section>
  );
}

function SyncProgressBar({ progress }: { progress: SyncProgress }) {
  const label = progressLabel(progress);
  const known = progress.total !== undefined && progress.total > 0;
  const value = known ? Math.min(progress.done, progress.total!) : undefined;
  return (
    <div class="sync-progress">
      <p class="sync-progress-text" aria-hidden="true">
        {label}
      </p>
      <div class="sync-bar" role="progressbar" aria-label="Sync progress" aria-valuetext={label} aria-valuemin={0} {...(known ? { 'aria-valuemax': progress.total, 'aria-valuenow': value } : {})}>
        <div class={known ? 'sync-bar-fill' : 'sync-bar-fill sync-bar-unknown'} style={known ? { width: `${Math.round((value! / progress.total!) * 100)}%` } : undefined} />
      </div>
    </div>
  );
}

function doneLine(pushed: number, pulled: number): string {
  const n = (x: number) => `${x.toLocaleString('en')} change${x === 1 ? '' : 's'}`;
  if (pushed && pulled) return `Sent ${n(pushed)}, received ${n(pulled)}.`;
  if (pushed) return `Sent ${n(pushed)}.`;
  if (pulled) return `Received ${n(pulled)}.`;
  return 'Everything was already in sync.';
}
