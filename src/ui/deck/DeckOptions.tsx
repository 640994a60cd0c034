/**
 * A deck's options: which preset it uses, and that preset's options (daily limits, desired
 * retention, learning steps, maximum interval, sibling burying). Presets are shared: a change
 * applies to every deck that uses the preset. Default is the Settings screen's options.
 */
import { useEffect, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import type { Deck, Settings } from '../../core/types';
import { DEFAULT_PRESET_ID, type Preset } from '../../core/presets';
import { getDeck } from '../../storage/decks';
import { deletePreset, listPresets, savePreset, setDeckPreset } from '../../storage/presets';
import { listDecks, saveSettings } from '../../storage';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { href } from '../router';
import { OptimisePanel } from './OptimisePanel';
import '../settings.css';
import './deck.css';

interface Draft {
  name: string;
  newPerDay: string;
  reviewsPerDay: string;
  desiredRetention: string;
  learningSteps: string;
  relearningSteps: string;
  maximumInterval: string;
  buryNewSiblings: boolean;
  buryReviewSiblings: boolean;
}

// The retention chooser (simulates workload per retention): loaded when "Help me decide" opens.
const RetentionHelper = lazy(() => import('../insights/RetentionHelper').then((m) => ({ default: m.RetentionHelper })));

const toDraft = (p: Preset): Draft => ({
  name: p.name,
  newPerDay: String(p.newPerDay),
  reviewsPerDay: String(p.reviewsPerDay),
  desiredRetention: String(p.desiredRetention),
  learningSteps: p.learningSteps.join(' '),
  relearningSteps: p.relearningSteps.join(' '),
  maximumInterval: String(p.maximumInterval),
  buryNewSiblings: p.buryNewSiblings,
  buryReviewSiblings: p.buryReviewSiblings,
});

function fromDraft(d: Draft, base: Preset): Preset {
  const steps = (v: string) => v.split(/[\s,]+/).filter(Boolean);
  return {
    ...base,
    name: d.name,
    newPerDay: Number(d.newPerDay),
    reviewsPerDay: Number(d.reviewsPerDay),
    desiredRetention: Number(d.desiredRetention),
    learningSteps: steps(d.learningSteps),
    relearningSteps: steps(d.relearningSteps),
    maximumInterval: Number(d.maximumInterval),
    buryNewSiblings: d.buryNewSiblings,
    buryReviewSiblings: d.buryReviewSiblings,
  };
}

export function DeckOptions({ deckId }: { deckId: string }) {
  const { settings, setSettings, notify, bumpData } = useApp();
  const [deck, setDeck] = useState<Deck | null | undefined>(undefined);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [usage, setUsage] = useState<Map<string, number>>(new Map());
  const [allDecks, setAllDecks] = useState<Deck[]>([]);
  const [retentionHelp, setRetentionHelp] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);

  // `base`: the settings just saved, when this render's `settings` is not updated yet.
  const load = async (selectId?: string, base: Settings = settings) => {
    const [d, ps, decks] = await Promise.all([getDeck(deckId), listPresets(base), listDecks()]);
    setDeck(d ?? null);
    setPresets(ps);
    const counts = new Map<string, number>();
    for (const x of decks) counts.set(x.presetId ?? DEFAULT_PRESET_ID, (counts.get(x.presetId ?? DEFAULT_PRESET_ID) ?? 0) + 1);
    setUsage(counts);
    setAllDecks(decks);
    const current = ps.find((p) => p.id === (selectId ?? d?.presetId ?? DEFAULT_PRESET_ID)) ?? ps[0]!;
    setDraft(toDraft(current));
  };
  useEffect(() => {
    void load().catch((e: unknown) => setError(errorMessage(e)));
  }, [deckId]);

  if (deck === undefined || !draft) return error ? <div class="banner banner-error" role="alert">{error}</div> : <p class="muted">Loading…</p>;
  if (deck === null) return <div class="banner banner-error" role="alert">That deck no longer exists.</div>;
  const currentId = deck.presetId && presets.some((p) => p.id === deck.presetId) ? deck.presetId : DEFAULT_PRESET_ID;
  const current = presets.find((p) => p.id === currentId)!;

  const run = async (what: () => Promise<string | undefined>) => {
    setError(null);
    try {
      const message = await what();
      announceChange('edit');
      bumpData();
      if (message) notify(message);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const choose = (presetId: string) =>
    run(async () => {
      await setDeckPreset([deck.id], presetId, Date.now());
      await load(presetId);
      return `${deck.name} now uses “${presets.find((p) => p.id === presetId)?.name ?? 'Default'}”.`;
    });
  const save = () =>
    run(async () => {
      const next = fromDraft(draft, current);
      if (current.id === DEFAULT_PRESET_ID) {
        const s: Settings = { ...settings, newPerDay: next.newPerDay, reviewsPerDay: next.reviewsPerDay, desiredRetention: next.desiredRetention, learningSteps: next.learningSteps, relearningSteps: next.relearningSteps, maximumInterval: next.maximumInterval, buryNewSiblings: next.buryNewSiblings, buryReviewSiblings: next.buryReviewSiblings };
        setSettings(await saveSettings(s));
      } else await savePreset(next, settings, Date.now());
      await load(current.id);
      return `Saved “${next.name}”.`;
    });
  const add = () =>
    run(async () => {
      const name = prompt('Name of the new preset', `${current.name} copy`);
      if (!name) return undefined;
      const created = await savePreset({ ...fromDraft(draft, current), id: '', name }, settings, Date.now());
      await setDeckPreset([deck.id], created.id, Date.now());
      await load(created.id);
      return `Created “${name}” for ${deck.name}.`;
    });
  const remove = () =>
    run(async () => {
      if (!confirm(`Delete the preset “${current.name}”? The ${usage.get(current.id) ?? 0} deck(s) using it go back to Default.`)) return undefined;
      await deletePreset(current.id, Date.now());
      await load(DEFAULT_PRESET_ID);
      return `Deleted “${current.name}”.`;
    });

  const update = (key: keyof Draft, value: string | boolean) => setDraft((d) => (d ? ({ ...d, [key]: value } as Draft) : d));
  const field = (key: keyof Draft, label: string, hint?: string, type: 'text' | 'number' = 'text') => (
    <div class="field">
      <label for={`opt-${key}`}>{label}</label>
      {type === 'number' ? (
        <input id={`opt-${key}`} type="number" step="any" value={String(draft[key])} onInput={(e) => update(key, e.currentTarget.value)} />
      ) : (
        <input id={`opt-${key}`} type="text" value={String(draft[key])} onInput={(e) => update(key, e.currentTarget.value)} />
      )}
      {hint && <p class="hint muted">{hint}</p>}
    </div>
  );
  const check = (key: 'buryNewSiblings' | 'buryReviewSiblings', label: string) => (
    <div class="field field-check">
      <input id={`opt-${key}`} type="checkbox" checked={draft[key]} onChange={(e) => update(key, e.currentTarget.checked)} />
      <label for={`opt-${key}`}>{label}</label>
    </div>
  );

  return (
    <section class="settings deck-options" aria-labelledby="options-title">
      <p class="crumbs">
        <a href="#/">Decks</a> · <a href={href({ name: 'deck', deckId: deck.id })}>{deck.name}</a>
      </p>
      <h1 id="options-title">Options</h1>
      <div class="field">
        <label for="opt-preset">Preset</label>
        <select id="opt-preset" value={currentId} onChange={(e) => void choose((e.target as HTMLSelectElement).value)}>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} (used by {usage.get(p.id) ?? 0})
            </option>
          ))}
        </select>
        <p class="hint muted">A preset is shared: changing it changes every deck that uses it. Default is the options on the Settings screen.</p>
      </div>
      {current.id !== DEFAULT_PRESET_ID && field('name', 'Preset name')}
      <h2>Daily limits</h2>
      {field('newPerDay', 'New cards per day', 'Studying a deck also takes from its sub-decks, each within its own limit.', 'number')}
      {field('reviewsPerDay', 'Maximum reviews per day', undefined, 'number')}
      <h2>Scheduling</h2>
      {field('desiredRetention', 'Desired retention', 'The chance of recalling a card when it comes due (0.70–0.99).', 'number')}
      <details class="retention-help" onToggle={(e) => setRetentionHelp((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>Help me decide</summary>
        {retentionHelp && (
          <Suspense fallback={<p class="muted">Loading…</p>}>
            <RetentionHelper
              params={current.fsrsParams}
              desiredRetention={Number(draft.desiredRetention)}
              deckIds={allDecks.filter((d) => (d.presetId && presets.some((p) => p.id === d.presetId) ? d.presetId : DEFAULT_PRESET_ID) === current.id).map((d) => d.id)}
              onChoose={(r) => update('desiredRetention', String(r))}
            />
          </Suspense>
        )}
      </details>
      {field('learningSteps', 'Learning steps', 'For example "1m 10m".')}
      {field('relearningSteps', 'Relearning steps')}
      {field('maximumInterval', 'Maximum interval (days)', undefined, 'number')}
      <OptimisePanel
        preset={current}
        presets={presets}
        decks={allDecks}
        settings={settings}
        setSettings={setSettings}
        onSaved={async (message, saved) => {
          announceChange('edit');
          bumpData();
          notify(message);
          await load(current.id, saved);
        }}
      />
      <h2>Siblings</h2>
      {check('buryNewSiblings', 'Bury new siblings until tomorrow')}
      {check('buryReviewSiblings', 'Bury review siblings until tomorrow')}
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <div class="overview-actions">
        <button class="btn btn-primary" onClick={() => void save()}>
          Save
        </button>
        <button class="btn" onClick={() => void add()}>
          Add preset
        </button>
        {current.id !== DEFAULT_PRESET_ID && (
          <button class="btn btn-danger" onClick={() => void remove()}>
            Delete preset
          </button>
        )}
      </div>
    </section>
  );
}
