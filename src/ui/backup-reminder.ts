const WEEK = 7 * 86_400_000;

/** The reminder shows when the last backup (or, with none, the first use) is over a week old. */
export function backupIsStale(lastBackupAt: number | undefined, since: number | undefined, now: number): boolean {
  const from = lastBackupAt ?? since;
  return from !== undefined && now - from > WEEK;
}
