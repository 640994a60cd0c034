/** What the Stats and Readiness screens show while the stats worker answers. */
export function FirstRead({ progress, idle }: { progress: number | null; idle: string }) {
  if (progress === null)
    return (
      <p class="muted" role="status">
        {idle}
      </p>
    );
  // Only the first open (or one after an import with a review history) reads the whole log.
  return (
    <div class="panel first-read" role="status">
      <p>Reading your review history for the first time. Later visits open at once.</p>
      <progress max={1} value={progress} aria-label="Review history read" />
      <span class="muted small"> {Math.round(progress * 100)} %</span>
    </div>
  );
}
