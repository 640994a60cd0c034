/** The part of PouchDB's API the sync client uses (types only). */
export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  [key: string]: unknown;
}
export interface BulkResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: string | boolean;
  status?: number;
  message?: string;
}
export interface ReplicationResult {
  ok: boolean;
  status?: string;
  docs_written: number;
  docs_read: number;
  last_seq?: number | string;
}
export interface Replication extends Promise<ReplicationResult> {
  on(event: 'change', fn: (info: { docs_written: number; docs_read: number; pending?: number; docs?: PouchDoc[] }) => void): Replication;
  cancel(): void;
}
export interface ChangesResponse {
  results: { id: string; seq: number | string; changes: { rev: string }[]; deleted?: boolean; doc?: PouchDoc }[];
  last_seq: number | string;
}
export interface PouchDatabase {
  info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>;
  get(id: string, opts?: object): Promise<PouchDoc>;
  get(id: string, opts: { open_revs: 'all' }): Promise<{ ok?: PouchDoc; missing?: string }[]>;
  put(doc: object): Promise<{ ok: boolean; id: string; rev: string }>;
  remove(id: string, rev: string): Promise<unknown>;
  bulkDocs(docs: object[]): Promise<BulkResult[]>;
  allDocs(opts: object): Promise<{ rows: { id: string; key: string; value?: { rev: string; deleted?: boolean }; doc?: PouchDoc; error?: string }[]; total_rows?: number }>;
  changes(opts: object): Promise<ChangesResponse>;
  replicate: { to(target: PouchDatabase, opts?: object): Replication; from(source: PouchDatabase, opts?: object): Replication };
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
}
export interface PouchStatic {
  new (name: string, opts?: object): PouchDatabase;
  plugin(p: unknown): PouchStatic;
}
