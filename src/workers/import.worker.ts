/**
 * The import worker: parsing files, committing import plans, writing backups and exports, all
 * off the main thread so a 100,000-card file never freezes the page. The plan stays here between
 * "read" (preview) and "commit": it is never copied to the page.
 */
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import sqlWasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { readImport, previewText, type ImportPlan } from '../formats';
import { summarizePlan } from '../formats/summary';
import { readBackup } from '../formats/backup/read';
import { writeBackup } from '../formats/backup/write';
import { writePrepdeck } from '../formats/prepdeck/write';
import { writeCsv } from '../formats/text/write-csv';
import { exportApkg } from '../formats/apkg/export';
import { commitImportPlan, readSnapshot, restoreSnapshot, readDeckForExport, getSettings } from '../storage';
import { countKeptEdits } from '../storage/import';
import type { WorkerRequest, WorkerResponse, ExportResult } from './protocol';

let sqlPromise: Promise<SqlJsStatic> | undefined;
const loadSql = () => (sqlPromise ??= initSqlJs({ locateFile: () => sqlWasmUrl }));
let plan: ImportPlan | undefined;
let planNoteTypes: Record<string, number> = {};

function post(msg: WorkerResponse, transfer: Transferable[] = []) {
  postMessage(msg, { transfer });
}

function slug(name: string): string {
  return name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'deck';
}

async function exportDeck(deckId: string, format: 'markdown' | 'csv' | 'apkg'): Promise<ExportResult> {
  const data = await readDeckForExport(deckId);
  const root = data.decks.find((d) => d.id === deckId)!;
  const base = slug(root.name);
  if (format === 'markdown') {
    const text = writePrepdeck(root, data.notes);
    return { bytes: new TextEncoder().encode(text), fileName: `${base}.md`, mime: 'text/markdown' };
  }
  if (format === 'csv') return { bytes: writeCsv(data.notes), fileName: `${base}.csv`, mime: 'text/csv' };
  const { marked } = await import('marked');
  const bytes = exportApkg(data, { sql: await loadSql(), now: Date.now(), markdownToHtml: (md) => marked.parse(md, { async: false }) });
  return { bytes, fileName: `${base}.apkg`, mime: 'application/octet-stream' };
}

async function handle(req: WorkerRequest): Promise<void> {
  const { id } = req;
  try {
    switch (req.type) {
      case 'preview-text':
        post({ id, ok: true, result: previewText(req.bytes, req.fileName, req.text ?? {}) });
        return;
      case 'read': {
        plan = undefined;
        plan = await readImport(req.bytes, req.fileName, {
          sql: loadSql,
          now: Date.now(),
          ...(req.text ? { text: req.text } : {}),
          onProgress: (fraction) => post({ id, progress: fraction }),
        });
        planNoteTypes = {};
        for (const n of plan.notes) if (n.noteType) planNoteTypes[n.noteType] = (planNoteTypes[n.noteType] ?? 0) + 1;
        const keptEdits = await countKeptEdits(plan, Date.now());
        post({ id, ok: true, result: { ...summarizePlan(plan), noteTypes: planNoteTypes, missingMedia: plan.stats.missingMedia, strippedScripts: plan.stats.strippedScripts, deckCount: plan.decks.length, keptEdits } });
        return;
      }
      case 'commit': {
        if (!plan) throw new Error('There is no file to import: choose it again.');
        const settings = await getSettings();
        const result = await commitImportPlan(plan, { mode: req.mode, now: Date.now(), params: settings, onProgress: (fraction) => post({ id, progress: fraction }) });
        plan = undefined;
        post({ id, ok: true, result });
        return;
      }
      case 'discard':
        plan = undefined;
        post({ id, ok: true, result: null });
        return;
      case 'backup': {
        const bytes = writeBackup(await readSnapshot(Date.now(), req.appVersion));
        post({ id, ok: true, result: bytes }, [bytes.buffer]);
        return;
      }
      case 'restore': {
        const snapshot = readBackup(req.bytes);
        await restoreSnapshot(snapshot);
        post({ id, ok: true, result: { cards: snapshot.cards.length, decks: snapshot.decks.length, reviews: snapshot.revlog.length } });
        return;
      }
      case 'export': {
        const out = await exportDeck(req.deckId, req.format);
        post({ id, ok: true, result: out }, [out.bytes.buffer]);
        return;
      }
    }
  } catch (e) {
    const err = e as { name?: string; message?: string; code?: string };
    post({ id, ok: false, error: { name: err.name ?? 'Error', message: err.message ?? String(e), ...(err.code ? { code: err.code } : {}) } });
  }
}

addEventListener('message', (e: MessageEvent<WorkerRequest>) => void handle(e.data));
