import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../core/types';
import { validateSettings } from '../core/buckets';
import { saveSettings } from '../storage';
import { storageStatus, type StorageStatus } from '../app/persist';
import { useApp } from './context';
import { errorMessage } from './errors';
import { BackupSection } from './Backup';
import './settings.css';

function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

interface Draft {
  desiredRetention: string;
  maximumInterval: string;
  learningSteps: string;
  relearningSteps: string;
  newPerDay: string;
  reviewsPerDay: string;
  enableFuzz: boolean;
  dayStartHour: string;
  theme: Settings['theme'];
}

function toDraft(s: Settings): Draft {
  return {
    desiredRetention: String(s.desiredRetention),
    maximumInterval: String(s.maximumInterval),
    learningSteps: s.learningSteps.join(' '),
    relearningSteps: s.relearningSteps.join(' '),
    newPerDay: String(s.newPerDay),
    reviewsPerDay: String(s.reviewsPerDay),
    enableFuzz: s.enableFuzz,
    dayStartHour: String(s.dayStartHour),
    theme: s.theme,
  };
}

function fromDraft(d: Draft, base: Settings): Settings {
  const steps = (v: string) => v.split(/[\s,]+/).filter(Boolean);
  return {
    ...base,
    desiredRetention: Number(d.desiredRetention),
    maximumInterval: Number(d.maximumInterval),
    learningSteps: steps(d.learningSteps),
    relearningSteps: steps(d.relearningSteps),
    newPerDay: Number(d.newPerDay),
    reviewsPerDay: Number(d.reviewsPerDay),
    enableFuzz: d.enableFuzz,
    dayStartHour: Number(d.dayStartHour),
    theme: d.theme,
  };
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: preact.ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="hint muted" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function SettingsScreen() {
  const { settings, setSettings, notify } = useApp();
  const [draft, setDraft] = useState(() => toDraft(settings));
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<StorageStatus | null>(null);
  useEffect(() => {
    void storageStatus().then(setStatus);
  }, []);
  // Follow settings replaced elsewhere (a restore), but never overwrite what is being typed on
  // mount: effects run after paint, and a fast first edit would otherwise be lost.
  const shown = useRef(settings);
  useEffect(() => {
    if (shown.current === settings) return;
    shown.current = settings;
    setDraft(toDraft(settings));
  }, [settings]);

  const set = <K extends keyof Draft>(k: K) => (e: Event) => {
    const t = e.target as HTMLInputElement;
    setDraft({ ...draft, [k]: t.type === 'checkbox' ? t.checked : t.value } as Draft);
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const next = fromDraft(draft, settings);
    const found = validateSettings(next);
    setProblems(found);
    if (found.length) return;
    try {
      setSettings(await saveSettings(next));
      notify('Settings saved. They apply from the next card on.');
    } catch (err) {
      setProblems([errorMessage(err)]);
    }
  };

  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form onSubmit={onSubmit} noValidate>
        <h2>Scheduling</h2>
        <Field id="retention" label="Desired retention" hint="The chance of remembering a card when it is due (0.70–0.99). Higher means more reviews.">
          <input id="retention" type="number" inputMode="decimal" min={0.7} max={0.99} step={0.01} value={draft.desiredRetention} onInput={set('desiredRetention')} aria-describedby="retention-hint" />
        </Field>
        <Field id="new-per-day" label="New cards per day">
          <input id="new-per-day" type="number" inputMode="numeric" min={0} max={9999} value={draft.newPerDay} onInput={set('newPerDay')} />
        </Field>
        <Field id="reviews-per-day" label="Maximum reviews per day">
          <input id="reviews-per-day" type="number" inputMode="numeric" min={0} max={99999} value={draft.reviewsPerDay} onInput={set('reviewsPerDay')} />
        </Field>
        <Field id="learning-steps" label="Learning steps" hint="Separated by spaces, e.g. 1m 10m (m minutes, h hours, d days).">
          <input id="learning-steps" type="text" value={draft.learningSteps} onInput={set('learningSteps')} aria-describedby="learning-steps-hint" />
        </Field>
        <Field id="relearning-steps" label="Relearning steps">
          <input id="relearning-steps" type="text" value={draft.relearningSteps} onInput={set('relearningSteps')} />
        </Field>
        <Field id="max-interval" label="Maximum interval (days)">
          <input id="max-interval" type="number" inputMode="numeric" min={1} max={36500} value={draft.maximumInterval} onInput={set('maximumInterval')} />
        </Field>
        <Field id="day-start" label="Next day starts at">
          <select id="day-start" value={draft.dayStartHour} onChange={set('dayStartHour')}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={String(h)}>
                {String(h).padStart(2, '0')}:00
              </option>
            ))}
          </select>
        </Field>
        <div class="field field-check">
          <input id="fuzz" type="checkbox" checked={draft.enableFuzz} onChange={set('enableFuzz')} />
          <label for="fuzz">Fuzz intervals (spread reviews so cards learned together do not stay together)</label>
        </div>

        <h2>Appearance</h2>
        <Field id="theme" label="Theme">
          <select id="theme" value={draft.theme} onChange={set('theme')}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Field>

        {problems.length > 0 && (
          <div class="banner banner-error" role="alert">
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <button type="submit" class="btn btn-primary">
          Save settings
        </button>
      </form>

      <BackupSection />

      <h2>Storage</h2>
      <dl class="facts">
        <dt>Persistent storage</dt>
        <dd id="persist-status">{status === null ? 'checking…' : status.persisted === true ? 'Yes — the browser will not clear your data on its own' : status.persisted === false ? 'Not granted yet (asked after your first review)' : 'Not supported by this browser'}</dd>
        <dt>Space used</dt>
        <dd>
          {formatBytes(status?.usage)}
          {status?.quota ? ` of ${formatBytes(status.quota)} available` : ''}
        </dd>
        <dt>App version</dt>
        <dd id="app-version">{__APP_VERSION__}</dd>
      </dl>
    </section>
  );
}
