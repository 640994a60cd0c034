/**
 * Interviews the user prepares for (core/interview-plan.ts), kept in `meta` as one list: few,
 * small, and read by the first screen for its countdown.
 */
import type { Interview } from '../core/interview-plan';
import { openDatabase } from './db';
import { asStorageError } from './errors';

export const INTERVIEWS_KEY = 'interviews';

export async function listInterviews(dbName?: string): Promise<Interview[]> {
  const list = ((await (await openDatabase(dbName)).get('meta', INTERVIEWS_KEY)) as Interview[] | undefined) ?? [];
  return [...list].sort((a, b) => a.date.localeCompare(b.date));
}

/** Adds or replaces (by id) one interview, in one transaction. */
export async function saveInterview(interview: Interview, dbName?: string): Promise<void> {
  await change((list) => [...list.filter((i) => i.id !== interview.id), interview], dbName);
}

export async function deleteInterview(id: string, dbName?: string): Promise<void> {
  await change((list) => list.filter((i) => i.id !== id), dbName);
}

async function change(f: (list: Interview[]) => Interview[], dbName?: string): Promise<void> {
  const db = await openDatabase(dbName);
  const tx = db.transaction('meta', 'readwrite');
  try {
    const list = ((await tx.store.get(INTERVIEWS_KEY)) as Interview[] | undefined) ?? [];
    await tx.store.put(f(list), INTERVIEWS_KEY);
    await tx.done;
  } catch (e) {
    throw asStorageError(e, 'The interview could not be saved');
  }
}
