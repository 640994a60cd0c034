/**
 * The options screen's "Memory model" section: fit FSRS-6 parameters to this preset's review
 * history (or every preset's), with progress and Cancel, then show both evaluations and what was
 * decided. Parameters change only here, only when the user presses a button, and only to
 * parameters that predicted the history better. Loaded lazily with the options screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Deck, Settings } from '../../core/types';
import { DEFAULT_PRESET_ID, type Preset } from '../../core/presets';
import { applyOutcome, describeRecord, describeTraining, MAX_TRAINING_REVIEWS, shouldRemind, type OptimisationRecord } from '../../core/optimise';
import { savePreset } from '../../storage/presets';
import { saveSettings } from '../../storage';
import { countLogForDecks } from '../../storage/optimise-reviews';
import { canOptimise, OptimiseCancelled, startOptimise, type OptimiseProgress, type OptimiseRun } from './optimise-client';
import './optimise.css';

interface Props {
  preset: Preset;
  presets: Preset[];
  decks: Deck[];
  settings: Settings;
  setSettings: (s: Settings) => void;
  /** Reload the presets after a change (the panel shows the stored record); `settings`: the newest. */
  onSaved: (message: string, settings: Settings) => Promise<void>;
}

const PHASES: Record<OptimiseProgress['phase'], string> = { reading: 'Reading the review log…', loading: 'Starting the optimiser…', fitting: 'Fitting parameters…', evaluating: 'Checking both on later answers they were not trained on…' };
const fmt = (x: number) => x.toLocaleString('en-US');

function decksOf(presetId: string, presets: Preset[], decks: Deck[]): string[] {
  const known = new Set(presets.map((p) => p.id));
  return decks.filter((d) => (d.presetId && known.has(d.presetId) ? d.presetId : DEFAULT_PRESET_ID) === presetId).map((d) => d.id);
}

export function OptimisePanel({ preset, presets, decks, settings, setSettings, onSaved }: Props) {
  const [running, setRunning] = useState<{ name: string; progress: OptimiseProgress } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [since, setSince] = useState<number | undefined>(undefined);
  const run = useRef<OptimiseRun | null>(null);
  const record = preset.lastOptimisation;
  const deckIds = decksOf(preset.id, presets, decks);

  useEffect(() => {
    let live = true;
    void countLogForDecks(new Set(deckIds), undefined, record?.at).then((n) => live && setSince(n));
    return () => {
      live = false;
    };
  }, [preset.id, record?.at, deckIds.join()]);
  useEffect(() => () => run.current?.cancel(), []);

  // The newest settings across a run of several presets (the prop lags until the next render).
  const latest = useRef(settings);
  latest.current = settings;
  const store = async (p: Preset, outcome: Parameters<typeof applyOutcome>[1]) => {
    const now = Date.now();
    if (p.id === DEFAULT_PRESET_ID) {
      latest.current = await saveSettings(applyOutcome(latest.current, outcome, now));
      setSettings(latest.current);
    } else await savePreset(applyOutcome(p, outcome, now), latest.current, now);
  };

  const optimise = async (targets: Preset[]) => {
    setError(null);
    const done: string[] = [];
    try {
      for (const p of targets) {
        const ids = decksOf(p.id, presets, decks);
        if (!ids.length) continue;
        setRunning({ name: p.name, progress: { phase: 'reading' } });
        const r = startOptimise({ deckIds: ids, dayStartHour: settings.dayStartHour, currentParams: p.fsrsParams, maxReviews: MAX_TRAINING_REVIEWS }, (progress) => setRunning({ name: p.name, progress }));
        run.current = r;
        const outcome = await r.result;
        await store(p, outcome);
        done.push(`${p.name}: ${outcome.adopt ? 'fitted parameters kept' : 'current parameters kept'}`);
      }
      await onSaved(done.length ? `Optimised — ${done.join('; ')}.` : 'No preset has decks to optimise.', latest.current);
    } catch (e) {
      if (done.length) await onSaved(`Optimised — ${done.join('; ')}.`, latest.current);
      setError(e instanceof OptimiseCancelled ? e.message : `Optimising failed: ${(e as Error).message}`);
    } finally {
      run.current = null;
      setRunning(null);
    }
  };

  const reset = async () => {
    setError(null);
    if (!confirm(`Go back to the default FSRS parameters for “${preset.name}”?`)) return;
    const { fsrsParams: _w, ...rest } = preset;
    if (preset.id === DEFAULT_PRESET_ID) {
      const { fsrsParams: _s, ...plain } = latest.current;
      latest.current = await saveSettings(plain);
      setSettings(latest.current);
    } else await savePreset(rest, latest.current, Date.now());
    await onSaved(`“${preset.name}” uses the default parameters again.`, latest.current);
  };

  const available = canOptimise();
  const fraction = running?.progress.fraction;
  return (
    <section class="optimise" aria-labelledby="optimise-title">
      <h2 id="optimise-title">Memory model</h2>
      <p class="hint muted">
        {preset.fsrsParams ? `Uses parameters fitted to your reviews${record?.adopted ? ` on ${new Date(record.at).toLocaleDateString()}` : ''}.` : 'Uses the FSRS-6 default parameters.'} Optimising fits them to this preset’s review history, on this device.
      </p>
      {since !== undefined && shouldRemind(since) && !running && (
        <p class="optimise-reminder" role="note">
          {since >= 10_000 ? `More than ${fmt(10_000)}` : fmt(since)} reviews {record ? 'since parameters were last optimised' : 'and parameters never optimised'} —{' '}
          <button type="button" class="link-button" onClick={() => void optimise([preset])} disabled={!available}>
            Optimise now
          </button>
        </p>
      )}
      {!available && <p class="hint muted">Optimising needs a browser that allows shared memory for this page (cross-origin isolation). Reload the app once it is installed.</p>}
      {running ? (
        <div class="optimise-running">
          <label for="optimise-progress">
            Optimising “{running.name}”: {PHASES[running.progress.phase]}
          </label>
          <progress id="optimise-progress" max={1} {...(fraction !== undefined ? { value: fraction } : {})} aria-label="Optimisation progress" />
          <button type="button" class="btn" onClick={() => run.current?.cancel()}>
            Cancel
          </button>
        </div>
      ) : (
        <div class="overview-actions">
          <button type="button" class="btn btn-primary" onClick={() => void optimise([preset])} disabled={!available}>
            Optimise
          </button>
          <button type="button" class="btn" onClick={() => void optimise(presets)} disabled={!available}>
            Optimise all presets
          </button>
          {preset.fsrsParams && (
            <button type="button" class="btn" onClick={() => void reset()}>
              Reset to default parameters
            </button>
          )}
        </div>
      )}
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {record && !running && <OptimiseResult record={record} />}
    </section>
  );
}

function OptimiseResult({ record }: { record: OptimisationRecord }) {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return (
    <div class="optimise-result" role="status">
      <p>{describeRecord(record)}</p>
      <table class="optimise-table">
        <caption class="muted">
          Last optimised {new Date(record.at).toLocaleString()}. {describeTraining(record)}{' '}
          {record.splits ? `Both predicted later answers they had not been trained on (${record.splits === 1 ? 'the last fifth' : `${record.splits} time-series splits`}). ` : ''}Lower is better.
        </caption>
        <thead>
          <tr>
            <th scope="col">Parameters</th>
            <th scope="col">Log loss</th>
            <th scope="col">RMSE (bins)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Before</th>
            <td>{record.current.logLoss.toFixed(4)}</td>
            <td>{pct(record.current.rmseBins)}</td>
          </tr>
          <tr>
            <th scope="row">Fitted{record.adopted ? ' (in use)' : ' (not used)'}</th>
            <td>{record.fitted.logLoss.toFixed(4)}</td>
            <td>{pct(record.fitted.rmseBins)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
