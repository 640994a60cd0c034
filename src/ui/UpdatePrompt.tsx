import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, subscribeUpdates, type UpdateState } from '../app/sw';

/** "Update available — Reload": non-blocking, at the bottom of the screen. */
export function UpdatePrompt() {
  const [s, setS] = useState<UpdateState>({ updateReady: false, offlineReady: false });
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => subscribeUpdates(setS), []);
  if (!s.updateReady || dismissed) return null;
  return (
    <div class="toast" role="status" aria-live="polite">
      <span>Update available</span>
      <button class="btn btn-small" onClick={applyUpdate}>
        Reload
      </button>
      <button class="btn btn-small" onClick={() => setDismissed(true)} aria-label="Later">
        Later
      </button>
    </div>
  );
}
