/** Hands-free settings: the voice, the speaking rate and the pause to answer aloud. */
import { useEffect, useState } from 'preact/hooks';
import { saveSettings } from '../storage';
import { DEFAULT_SPEECH, voices } from './review/handsfree';
import { useApp } from './context';
import { errorMessage } from './errors';

export function SpeechSettings() {
  const { settings, setSettings, notify } = useApp();
  const [list, setList] = useState(voices());
  const speech = { ...DEFAULT_SPEECH, ...settings.speech };
  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    // Voices often arrive a moment after the page loads.
    const on = () => setList(voices());
    speechSynthesis.addEventListener('voiceschanged', on);
    return () => speechSynthesis.removeEventListener('voiceschanged', on);
  }, []);
  const save = (patch: Partial<typeof speech>) => {
    const next = { ...speech, ...patch };
    if (!(next.rate >= 0.5 && next.rate <= 2) || !(next.pauseSeconds >= 2 && next.pauseSeconds <= 60)) return notify('Rate: 0.5 to 2; pause: 2 to 60 seconds.');
    void saveSettings({ ...settings, speech: next }).then(setSettings, (e: unknown) => notify(errorMessage(e)));
  };
  return (
    <section aria-labelledby="speech-title">
      <h2 id="speech-title">Hands-free review</h2>
      {list.length === 0 ? (
        <p class="muted small">No voice is available on this device: hands-free review needs one (on most phones, voices come with the system’s text-to-speech settings).</p>
      ) : (
        <div class="field">
          <label for="speech-voice">Voice</label>
          <select id="speech-voice" value={speech.voice ?? ''} onChange={(e) => save({ voice: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="">The system’s default</option>
            {list.map((v) => (
              <option value={v.voiceURI}>
                {v.name} ({v.lang}){v.localService ? '' : ' — online'}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for="speech-rate">Speaking rate (0.5–2)</label>
        <input id="speech-rate" type="number" min={0.5} max={2} step={0.1} value={speech.rate} onChange={(e) => save({ rate: Number((e.target as HTMLInputElement).value) })} />
      </div>
      <div class="field">
        <label for="speech-pause">Pause to answer aloud (seconds)</label>
        <input id="speech-pause" type="number" min={2} max={60} step={1} value={speech.pauseSeconds} onChange={(e) => save({ pauseSeconds: Number((e.target as HTMLInputElement).value) })} />
      </div>
    </section>
  );
}
