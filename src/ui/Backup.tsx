import { useEffect, useRef, useState } from 'preact/hooks';
import type { Deck } from '../core/types';
import { getSettings, listDecks, saveSettings } from '../storage';
import { callWorker, downloadBytes } from './worker-client';
import { errorMessage } from './errors';
import { useApp } from './context';
import { announceChange } from '../app/tabs';
import { NamedOptions } from './named-options';

function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Backup, restore and deck export (Settings). */
export function BackupSection() {
  const { settings, setSettings, bumpData, notify } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [decks, setDecks] = useState<Deck[]>([]);
  const [deckId, setDeckId] = useState('');
  const restoreInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void listDecks().then((d) => {
      setDecks(d);
      setDeckId((cur) => cur || d[0]?.id || '');
    });
  }, []);

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const backup = () =>
    run('Writing the backup…', async () => {
      const bytes = await callWorker({ type: 'backup', appVersion: __APP_VERSION__ });
      const now = Date.now();
      downloadBytes(bytes, `prepdeck-backup-${new Date(now).toISOString().slice(0, 10)}.zip`, 'application/zip');
      setSettings(await saveSettings({ ...(await getSettings()), lastBackupAt: now }));
      notify('Backup saved to your downloads.');
    });

  const restore = (file: File) =>
    run('Restoring…', async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (!confirm(`Replace everything in Prepdeck with the backup "${file.name}"? Your current decks, progress and stories will be replaced.`)) return;
      const r = await callWorker({ type: 'restore', bytes }, { transfer: [bytes.buffer] });
      setSettings(await getSettings());
      bumpData();
      announceChange('restore');
      notify(`Backup restored: ${r.decks} decks, ${r.cards} cards, ${r.reviews} reviews.`);
    });

  const exportDeck = (format: 'markdown' | 'csv' | 'apkg') =>
    run('Exporting…', async () => {
      const out = await callWorker({ type: 'export', deckId, format });
      downloadBytes(out.bytes, out.fileName, out.mime);
    });

  return (
    <>
      <h2>Backup</h2>
      <p class="muted" id="last-backup">
        {settings.lastBackupAt ? `Last backup: ${formatDate(settings.lastBackupAt)}.` : 'No backup yet.'} A backup holds every deck, card, review, image, story and setting in one file.
      </p>
      <div class="backup-actions">
        <button class="btn btn-primary" onClick={() => void backup()} disabled={busy !== null}>
          Back up everything
        </button>
        <button class="btn" onClick={() => restoreInput.current?.click()} disabled={busy !== null}>
          Restore a backup…
        </button>
        <input
          ref={restoreInput}
          id="restore-file"
          class="visually-hidden"
          type="file"
          accept=".zip,application/zip"
          aria-label="Backup file to restore"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const f = input.files?.[0];
            input.value = '';
            if (f) void restore(f);
          }}
        />
      </div>

      <h2>Export a deck</h2>
      <div class="field">
        <label for="export-deck">Deck</label>
        <select id="export-deck" value={deckId} onChange={(e) => setDeckId((e.target as HTMLSelectElement).value)}>
          <NamedOptions items={decks} />
        </select>
      </div>
      <div class="backup-actions">
        <button class="btn" onClick={() => void exportDeck('markdown')} disabled={busy !== null || !deckId}>
          Markdown (.md)
        </button>
        <button class="btn" onClick={() => void exportDeck('csv')} disabled={busy !== null || !deckId}>
          CSV
        </button>
        <button class="btn" onClick={() => void exportDeck('apkg')} disabled={busy !== null || !deckId}>
          Anki package (.apkg)
        </button>
      </div>
      {busy && (
        <p class="muted" role="status">
          {busy}
        </p>
      )}
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
