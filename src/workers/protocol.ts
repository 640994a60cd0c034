/** Messages between the page and the import worker (types only: no code crosses bundles). */
import type { TextOptions, TextPreview } from '../formats';
import type { PlanSummary } from '../formats/summary';
import type { ImportResult, ProgressMode } from '../storage/import';

export type WorkerRequest =
  | { id: number; type: 'preview-text'; bytes: Uint8Array; fileName: string; text?: TextOptions }
  | { id: number; type: 'read'; bytes: Uint8Array; fileName: string; text?: TextOptions }
  | { id: number; type: 'commit'; mode: ProgressMode }
  | { id: number; type: 'discard' }
  | { id: number; type: 'backup'; appVersion: string }
  | { id: number; type: 'restore'; bytes: Uint8Array }
  | { id: number; type: 'export'; deckId: string; format: 'markdown' | 'csv' | 'apkg' };

export interface ImportSummary extends PlanSummary {
  noteTypes: Record<string, number>;
  missingMedia: string[];
  strippedScripts: number;
  deckCount: number;
  /** Notes of the file that the user edited in the app since their last import: kept as edited. */
  keptEdits: number;
}

export interface ExportResult {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
}

export interface WorkerResults {
  'preview-text': TextPreview;
  read: ImportSummary;
  commit: ImportResult;
  discard: null;
  backup: Uint8Array;
  restore: { cards: number; decks: number; reviews: number };
  export: ExportResult;
}

export type WorkerResponse =
  | { id: number; progress: number }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };
