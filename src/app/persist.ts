/** Persistent storage: asked for after the first graded card (a user gesture), result remembered. */
import { getMeta, setMeta } from '../storage/settings';

export interface StorageStatus {
  persisted: boolean | undefined;
  usage: number | undefined;
  quota: number | undefined;
}

// Asked already (or found asked in storage): later grades skip even the read of that record.
let asked = false;

export async function requestPersistenceOnce(): Promise<void> {
  if (asked || !navigator.storage?.persist) return;
  asked = true;
  if (await getMeta<boolean>('persistRequested')) return;
  await setMeta('persistRequested', true);
  const granted = await navigator.storage.persist().catch(() => false);
  await setMeta('persistGranted', granted);
}

export async function storageStatus(): Promise<StorageStatus> {
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted().catch(() => undefined) : undefined;
  const est = navigator.storage?.estimate ? await navigator.storage.estimate().catch(() => undefined) : undefined;
  return { persisted, usage: est?.usage, quota: est?.quota };
}
