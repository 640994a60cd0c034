import { lazy, Suspense } from 'preact/compat';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { AppContext, type ToastAction } from './context';
import { useRoute, href } from './router';
import { Decks } from './Decks';
import { UpdatePrompt } from './UpdatePrompt';
import type { Settings } from '../core/types';
import { applyTheme } from '../app/theme';
import { onOtherTabChange } from '../app/tabs';

// Only the deck list ships in the first bundle; the other screens load on demand.
const Review = lazy(() => import('./review/Review').then((m) => ({ default: m.Review })));
const SettingsScreen = lazy(() => import('./Settings').then((m) => ({ default: m.SettingsScreen })));
const ImportScreen = lazy(() => import('./import/Import').then((m) => ({ default: m.ImportScreen })));
const DeckOverview = lazy(() => import('./deck/DeckOverview').then((m) => ({ default: m.DeckOverview })));
const DeckOptions = lazy(() => import('./deck/DeckOptions').then((m) => ({ default: m.DeckOptions })));
const NoteEditorScreen = lazy(() => import('./editor/NoteEditorScreen').then((m) => ({ default: m.NoteEditorScreen })));
const StatsScreen = lazy(() => import('./stats/Stats').then((m) => ({ default: m.StatsScreen })));
const ReadinessScreen = lazy(() => import('./readiness/Readiness').then((m) => ({ default: m.ReadinessScreen })));
const InterviewScreen = lazy(() => import('./interview/Interview').then((m) => ({ default: m.InterviewScreen })));
const MockInterview = lazy(() => import('./interview/Mock').then((m) => ({ default: m.MockInterview })));
const CustomStudy = lazy(() => import('./custom/CustomStudy').then((m) => ({ default: m.CustomStudy })));
const Browse = lazy(() => import('./browse/Browse').then((m) => ({ default: m.Browse })));

export function App({ initialSettings, startupError }: { initialSettings: Settings; startupError?: string }) {
  const route = useRoute();
  const [settings, setSettingsState] = useState(initialSettings);
  const [dataVersion, setDataVersion] = useState(0);
  const [message, setMessage] = useState<{ text: string; action?: ToastAction } | null>(null);
  const setSettings = useCallback((s: Settings) => {
    setSettingsState(s);
    applyTheme(s.theme);
  }, []);
  const bumpData = useCallback(() => setDataVersion((v) => v + 1), []);
  const notify = useCallback((text: string, action?: ToastAction) => setMessage(action ? { text, action } : { text }), []);
  useEffect(() => {
    if (!message) return;
    // A message with an action (Undo) stays longer: there is something to do with it.
    const t = setTimeout(() => setMessage(null), message.action ? 10_000 : 5000);
    return () => clearTimeout(t);
  }, [message]);
  useEffect(() => {
    const on = () => bumpData();
    addEventListener('prepdeck:data-changed', on);
    // Grades, undos, imports and restores in other tabs: counts catch up here too.
    const off = onOtherTabChange(on);
    return () => {
      removeEventListener('prepdeck:data-changed', on);
      off();
    };
  }, [bumpData]);
  const ctx = useMemo(() => ({ settings, setSettings, dataVersion, bumpData, notify }), [settings, setSettings, dataVersion, bumpData, notify]);
  const studying = route.name === 'study';
  useEffect(() => {
    // On a phone the nav scrolls sideways: the current screen's link stays in view.
    document.querySelector('.nav [aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [route.name]);

  return (
    <AppContext.Provider value={ctx}>
      <div class="shell">
        <header class="topbar">
          <a class="brand" href={href({ name: 'decks' })}>
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <span>Prepdeck</span>
          </a>
          <nav class="nav" aria-label="Main">
            <a href="#/" aria-current={route.name === 'decks' || route.name === 'deck' || route.name === 'deck-options' || route.name === 'custom' || studying ? 'page' : undefined}>
              Decks
            </a>
            <a href="#/browse" aria-current={route.name === 'browse' || route.name === 'edit' || route.name === 'add' ? 'page' : undefined}>
              Browse
            </a>
            <a href="#/stats" aria-current={route.name === 'stats' ? 'page' : undefined}>
              Stats
            </a>
            <a href="#/readiness" aria-current={route.name === 'readiness' ? 'page' : undefined}>
              Readiness
            </a>
            <a href="#/import" aria-current={route.name === 'import' ? 'page' : undefined}>
              Import
            </a>
            <a href="#/settings" aria-current={route.name === 'settings' ? 'page' : undefined}>
              Settings
            </a>
          </nav>
        </header>
        <main id="main">
          {startupError ? (
            // Without storage no screen can work: one clear message instead of one per screen.
            <div class="banner banner-error" role="alert">
              <p>{startupError}</p>
              <button class="btn btn-small" onClick={() => location.reload()}>
                Reload
              </button>
            </div>
          ) : (
            <Suspense fallback={<p class="muted" aria-live="polite">Loading…</p>}>
              {route.name === 'decks' && <Decks />}
              {route.name === 'study' && <Review key={route.scope} scope={route.scope} />}
              {route.name === 'settings' && <SettingsScreen />}
              {route.name === 'import' && <ImportScreen />}
              {route.name === 'deck' && <DeckOverview key={route.deckId} scope={route.deckId} />}
              {route.name === 'deck-options' && <DeckOptions key={route.deckId} deckId={route.deckId} />}
              {route.name === 'add' && <NoteEditorScreen key={`add-${route.deckId ?? ''}`} mode={{ kind: 'add', ...(route.deckId ? { deckId: route.deckId } : {}) }} />}
              {route.name === 'edit' && <NoteEditorScreen key={`edit-${route.noteId}`} mode={{ kind: 'edit', noteId: route.noteId }} />}
              {route.name === 'stats' && <StatsScreen key={route.deckId ?? ''} deckId={route.deckId} />}
              {route.name === 'readiness' && <ReadinessScreen />}
              {route.name === 'interview' && <InterviewScreen />}
              {route.name === 'mock' && <MockInterview />}
              {route.name === 'custom' && <CustomStudy key={route.deckId ?? ''} deckId={route.deckId} />}
              {route.name === 'browse' && <Browse key={`${route.query ?? ''}|${route.deckId ?? ''}`} initialQuery={route.query ?? ''} deckId={route.deckId} />}
            </Suspense>
          )}
        </main>
        <UpdatePrompt />
        {message && (
          <div class="toast" role="status">
            <span>{message.text}</span>
            {message.action && (
              <button
                class="btn btn-small"
                onClick={() => {
                  const run = message.action!.run;
                  setMessage(null);
                  void Promise.resolve(run()).catch((e: unknown) => setMessage({ text: e instanceof Error ? e.message : String(e) }));
                }}
              >
                {message.action.label}
              </button>
            )}
            <button class="btn btn-small" onClick={() => setMessage(null)}>
              Dismiss
            </button>
          </div>
        )}
      </div>
    </AppContext.Provider>
  );
}
