import { useEffect, useRef, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import type { Rating, Settings } from '../core/types';
import { validateSettings } from '../core/buckets';
import { saveSettings } from '../storage';
import { storageStatus, type StorageStatus } from '../app/persist';
import { useApp } from './context';
import { applyTheme } from '../app/theme';
import { DEFAULT_SWIPE } from '../core/swipe';
import { DEFAULT_AUTOPLAY } from './review/sounds';
import { Reminders } from './Reminders';
import { SpeechSettings } from './SpeechSettings';
import { errorMessage } from './errors';
import { BackupSection } from './Backup';
import './settings.css';

// Sync brings its own code (and, once used, the sync client): loaded only with this section.
const SyncSettings = lazy(() => import('./SyncSettings').then((m) => ({ default: m.SyncSettings })));

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
  allNewPerDay: string;
  allReviewsPerDay: string;
  swipe: boolean;
  swipeLeft: string;
  swipeRight: string;
  swipeUp: string;
  autoplayFront: boolean;
  autoplayBack: boolean;
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
    allNewPerDay: s.allNewPerDay === undefined ? '' : String(s.allNewPerDay),
    allReviewsPerDay: s.allReviewsPerDay === undefined ? '' : String(s.allReviewsPerDay),
    swipe: (s.swipe ?? DEFAULT_SWIPE).enabled,
    swipeLeft: String((s.swipe ?? DEFAULT_SWIPE).left),
    swipeRight: String((s.swipe ?? DEFAULT_SWIPE).right),
    swipeUp: String((s.swipe ?? DEFAULT_SWIPE).up),
    autoplayFront: (s.autoplayAudio ?? DEFAULT_AUTOPLAY).front,
    autoplayBack: (s.autoplayAudio ?? DEFAULT_AUTOPLAY).back,
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
    swipe: { enabled: d.swipe, left: Number(d.swipeLeft) as Rating | 0, right: Number(d.swipeRight) as Rating | 0, up: Number(d.swipeUp) as Rating | 0 },
    dayStartHour: Number(d.dayStartHour),
    theme: d.theme,
    autoplayAudio: { front: d.autoplayFront, back: d.autoplayBack },
    // Empty: "Study all decks" follows the Default preset's limits.
    ...(d.allNewPerDay.trim() ? { allNewPerDay: Number(d.allNewPerDay) } : { allNewPerDay: undefined }),
    ...(d.allReviewsPerDay.trim() ? { allReviewsPerDay: Number(d.allReviewsPerDay) } : { allReviewsPerDay: undefined }),
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
  const { settings, setSettings } = useApp();
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
    fromElsewhere.current = true;
    setDraft(toDraft(settings));
  }, [settings]);
  /** The draft was replaced from outside (a restore): shown, not saved again. */
  const fromElsewhere = useRef(false);

  // Every change applies at once (the theme too): a valid draft is saved as soon as typing
  // pauses; an invalid one says what is wrong, in one place, and saves nothing.
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(k: K) => (e: Event) => {
    const t = e.target as HTMLInputElement;
    setSaved(false);
    setDraft({ ...draft, [k]: t.type === 'checkbox' ? t.checked : t.value } as Draft);
  };
  const edited = useRef(false);
  useEffect(() => {
    if (!edited.current || fromElsewhere.current) {
      edited.current = true;
      fromElsewhere.current = false;
      return;
    }
    const next = fromDraft(draft, settings);
    const found = validateSettings(next);
    setProblems(found);
    if (found.length) return;
    if (next.theme !== settings.theme) applyTheme(next.theme);
    const t = setTimeout(async () => {
      try {
        const clean = await saveSettings(next);
        shown.current = clean;
        setSettings(clean);
        setSaved(true);
      } catch (err) {
        setProblems([errorMessage(err)]);
      }
    }, 350);
    return () => clearTimeout(t);
  }, [draft]);
  const onSubmit = (e: Event) => e.preventDefault();

  return (
    <section class="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form onSubmit={onSubmit} noValidate>
        <h2>Scheduling</h2>
        <Field id="retention" label="Desired retention" hint="The chance of remembering a card when it is due (0.70–0.99). Higher means more reviews.">
          <input id="retention" type="number" inputMode="decimal" min={0.7} max={0.99} step={0.01} value={draft.desiredRetention} onInput={set('desiredRetention')} aria-describedby="retention-hint" />
        </Field>
        <Field id="new-per-day" label="New cards per day" hint="Per deck, for decks on the Default preset (a deck's Options can give it a preset of its own).">
          <input id="new-per-day" type="number" inputMode="numeric" min={0} max={9999} value={draft.newPerDay} onInput={set('newPerDay')} />
        </Field>
        <Field id="reviews-per-day" label="Maximum reviews per day">
          <input id="reviews-per-day" type="number" inputMode="numeric" min={0} max={99999} value={draft.reviewsPerDay} onInput={set('reviewsPerDay')} />
        </Field>
        <Field id="all-new" label="Study all decks: new-card cap" hint="At most this many new cards a day across all decks together. Empty: the same as above.">
          <input id="all-new" type="number" inputMode="numeric" min={0} max={9999} value={draft.allNewPerDay} onInput={set('allNewPerDay')} aria-describedby="all-new-hint" />
        </Field>
        <Field id="all-reviews" label="Study all decks: review cap">
          <input id="all-reviews" type="number" inputMode="numeric" min={0} max={99999} value={draft.allReviewsPerDay} onInput={set('allReviewsPerDay')} />
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

        <h2>Touch screens</h2>
        <div class="field field-check">
          <input id="swipe" type="checkbox" checked={draft.swipe} onChange={set('swipe')} />
          <label for="swipe">Swipe to grade (on the answer)</label>
        </div>
        {draft.swipe &&
          (
            [
              ['swipeLeft', 'Swipe left'],
              ['swipeRight', 'Swipe right'],
              ['swipeUp', 'Swipe up'],
            ] as const
          ).map(([k, label]) => (
            <Field id={k} label={label}>
              <select id={k} value={draft[k]} onChange={set(k)}>
                <option value="0">Nothing</option>
                <option value="1">Again</option>
                <option value="2">Hard</option>
                <option value="3">Good</option>
                <option value="4">Easy</option>
              </select>
            </Field>
          ))}

        <h2>Audio</h2>
        <p class="hint muted" id="autoplay-hint">
          Cards with sounds show a play button; R replays them.
        </p>
        <div class="field field-check">
          <input id="autoplay-front" type="checkbox" checked={draft.autoplayFront} onChange={set('autoplayFront')} aria-describedby="autoplay-hint" />
          <label for="autoplay-front">Play audio automatically on the question</label>
        </div>
        <div class="field field-check">
          <input id="autoplay-back" type="checkbox" checked={draft.autoplayBack} onChange={set('autoplayBack')} aria-describedby="autoplay-hint" />
          <label for="autoplay-back">Play audio automatically on the answer (the question's sounds are not repeated)</label>
        </div>

        <h2>Appearance</h2>
        <Field id="theme" label="Theme">
          <select id="theme" value={draft.theme} onChange={set('theme')}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Field>

        {problems.length > 0 ? (
          <div class="banner banner-error" role="alert">
            {problems[0]}
            {problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}
          </div>
        ) : (
          <p class="muted settings-status" role="status">
            {saved ? 'Settings saved. They apply from the next card on.' : 'Changes are saved as you make them.'}
          </p>
        )}
      </form>

      <SpeechSettings />

      <Reminders />

      <Suspense fallback={<p class="muted">Loading sync settings…</p>}>
        <SyncSettings />
      </Suspense>

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
