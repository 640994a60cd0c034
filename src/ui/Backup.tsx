/** Backup and restore section of Settings (filled in by the import/export work). */
export function BackupSection() {
  return null;
}
