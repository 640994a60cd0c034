import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TextOptions, TextPreview } from '../../formats';
import type { ImportResult, ProgressMode } from '../../storage/import';
import type { ImportSummary } from '../../workers/protocol';
import { callWorker } from '../worker-client';
import { errorMessage } from '../errors';
import { useApp } from '../context';
import { announceChange } from '../../app/tabs';
import '../import.css';
import { PreviewSummary } from './PreviewSummary';
import { ColumnsStep } from './ColumnsStep';
import { canChooseFolder, zipChosenFolder } from './folder';

const ACCEPT = '.apkg,.colpkg,.csv,.tsv,.txt,.md,.markdown,.json,.zip,.mochi';
const TEXT_EXT = /\.(csv|tsv|txt)$/i;
type Step =
  | { kind: 'choose' }
  | { kind: 'columns'; preview: TextPreview }
  | { kind: 'reading'; progress: number }
  | { kind: 'preview'; summary: ImportSummary }
  | { kind: 'importing'; progress: number; summary: ImportSummary }
  | { kind: 'done'; result: ImportResult; summary: ImportSummary };

interface Chosen {
  name: string;
  bytes: Uint8Array;
}

function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.round(value * 100);
  return (
    <div class="import-progress">
      <p>{label}</p>
      <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div class="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <p class="muted">{pct}%</p>
    </div>
  );
}

/** Files shared to the installed app (Web Share Target) wait in a cache for this screen. */
async function takeSharedFile(): Promise<Chosen | null> {
  if (!('caches' in self)) return null;
  const cache = await caches.open('prepdeck-shared-files');
  const res = await cache.match('/shared-file');
  if (!res) return null;
  await cache.delete('/shared-file');
  const name = decodeURIComponent(res.headers.get('X-File-Name') ?? 'shared-file');
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

export function ImportScreen() {
  const { bumpData } = useApp();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [file, setFile] = useState<Chosen | null>(null);
  const [textOpts, setTextOpts] = useState<TextOptions>({});
  const [mode, setMode] = useState<ProgressMode>('keep');
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  // The column screen of the current text file, to go back to from the preview.
  const [columns, setColumns] = useState<TextPreview | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const read = useCallback(async (f: Chosen, opts: TextOptions) => {
    setError(null);
    setStep({ kind: 'reading', progress: 0 });
    try {
      // A copy goes to the worker: the original stays here for another try with other options.
      const summary = await callWorker({ type: 'read', bytes: f.bytes.slice(), fileName: f.name, text: opts }, { onProgress: (p) => setStep({ kind: 'reading', progress: p }) });
      setMode(summary.reviewCards > 0 ? 'keep' : 'fresh');
      setStep({ kind: 'preview', summary });
    } catch (e) {
      setError(errorMessage(e));
      setStep({ kind: 'choose' });
    }
  }, []);

  const choose = useCallback(
    async (f: Chosen) => {
      setFile(f);
      setError(null);
      setTextOpts({});
      setColumns(null);
      if (f.bytes.length === 0) {
        setError(`"${f.name}" is empty: there is nothing to import.`);
        return;
      }
      if (TEXT_EXT.test(f.name)) {
        try {
          const preview = await callWorker({ type: 'preview-text', bytes: f.bytes.slice(), fileName: f.name });
          setTextOpts({ separator: preview.separator, columns: preview.suggestedColumns, hasHeaderRow: preview.hasHeaderRow, html: preview.html });
          setColumns(preview);
          setStep({ kind: 'columns', preview });
        } catch (e) {
          setError(errorMessage(e));
        }
        return;
      }
      await read(f, {});
    },
    [read],
  );

  const chooseFile = useCallback(async (f: File) => choose({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }), [choose]);

  // Shared files (share target) and files opened with the installed app (file handler).
  useEffect(() => {
    const takeShared = () => {
      if (location.hash.includes('shared=1')) void takeSharedFile().then((f) => f && choose(f));
    };
    takeShared();
    addEventListener('hashchange', takeShared);
    const lq = (window as unknown as { launchQueue?: { setConsumer: (c: (p: { files: FileSystemFileHandle[] }) => void) => void } }).launchQueue;
    lq?.setConsumer(async (params) => {
      const handle = params.files[0];
      if (handle) await chooseFile(await handle.getFile());
    });
    return () => removeEventListener('hashchange', takeShared);
  }, [choose, chooseFile]);

  useEffect(() => headingRef.current?.focus(), [step.kind]);

  const refreshColumns = async (opts: TextOptions) => {
    if (!file) return;
    setTextOpts(opts);
    try {
      const preview = await callWorker({ type: 'preview-text', bytes: file.bytes.slice(), fileName: file.name, text: opts });
      setError(null);
      setColumns(preview);
      setStep({ kind: 'columns', preview });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const chooseFolder = async (list: FileList) => {
    setError(null);
    try {
      await choose(await zipChosenFolder(list));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const commit = async (summary: ImportSummary) => {
    setError(null);
    setStep({ kind: 'importing', progress: 0, summary });
    try {
      const result = await callWorker({ type: 'commit', mode }, { onProgress: (p) => setStep({ kind: 'importing', progress: p, summary }) });
      bumpData();
      announceChange('import');
      setStep({ kind: 'done', result, summary });
    } catch (e) {
      const message = errorMessage(e);
      setError(/Nothing was (changed|imported)/.test(message) ? message : `${message} Nothing was imported.`);
      setStep({ kind: 'preview', summary });
    }
  };

  const reset = () => {
    void callWorker({ type: 'discard' });
    setFile(null);
    setColumns(null);
    setError(null);
    setStep({ kind: 'choose' });
    if (inputRef.current) inputRef.current.value = '';
    if (folderRef.current) folderRef.current.value = '';
  };

  return (
    <section class="import" aria-labelledby="import-title">
      <h1 id="import-title" tabIndex={-1} ref={headingRef}>
        Import a deck
      </h1>
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}

      {step.kind === 'choose' && (
        <>
          <div
            class={`dropzone${dragging ? ' dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              const f = e.dataTransfer?.files[0];
              if (f) void chooseFile(f);
            }}
          >
            <p>Drop a file here, or</p>
            <label class="btn btn-primary" for="import-file">
              Choose a file
            </label>
            <input
              id="import-file"
              ref={inputRef}
              class="visually-hidden"
              type="file"
              accept={ACCEPT}
              onChange={(e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                if (f) void chooseFile(f);
              }}
            />
            {canChooseFolder() && (
              <>
                <label class="btn" for="import-folder">
                  Choose a folder
                </label>
                <input
                  id="import-folder"
                  ref={folderRef}
                  class="visually-hidden"
                  type="file"
                  {...{ webkitdirectory: true }}
                  onChange={(e) => {
                    const list = (e.target as HTMLInputElement).files;
                    if (list && list.length > 0) void chooseFolder(list);
                  }}
                />
              </>
            )}
          </div>
          <ul class="formats muted">
            <li>Anki packages: .apkg and .colpkg (every Anki version), with images and review history</li>
            <li>Spreadsheets and Anki text exports: .csv, .tsv, .txt</li>
            <li>Quizlet exports (.txt): choose “A Quizlet export” on the next screen</li>
            <li>Markdown: Prepdeck decks, a heading per card, or Q:/A: pairs (.md)</li>
            <li>CrowdAnki folders (choose the folder holding deck.json) and Mochi decks (.mochi)</li>
          </ul>
          <p class="muted">Files are read on this device; nothing is uploaded.</p>
        </>
      )}

      {step.kind === 'columns' && file && <ColumnsStep fileName={file.name} preview={step.preview} textOpts={textOpts} setTextOpts={setTextOpts} refreshColumns={refreshColumns} onContinue={() => void read(file, textOpts)} onCancel={reset} />}

      {step.kind === 'reading' && <Progress value={step.progress} label={`Reading ${file?.name ?? 'the file'}…`} />}

      {step.kind === 'preview' && (
        <PreviewSummary
          fileName={file?.name}
          summary={step.summary}
          mode={mode}
          setMode={setMode}
          onImport={() => void commit(step.summary)}
          onCancel={reset}
          {...(columns ? { onBack: () => setStep({ kind: 'columns', preview: columns }) } : {})}
        />
      )}

      {step.kind === 'importing' && <Progress value={step.progress} label={`Importing ${step.summary.cards} cards…`} />}

      {step.kind === 'done' && (
        <div class="done" role="status">
          <h2>Import finished</h2>
          <p>
            {step.result.cardsAdded} new cards, {step.result.notesUpdated} notes updated, {step.result.notesUnchanged} unchanged
            {step.result.notesKept > 0 ? `, ${step.result.notesKept} kept as you edited them` : ''}
            {step.result.reviews > 0 ? `, ${step.result.reviews} past reviews kept` : ''}.
          </p>
          <div class="actions">
            <a class="btn btn-primary" href="#/">
              Go to decks
            </a>
            <button class="btn" onClick={reset}>
              Import another file
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
