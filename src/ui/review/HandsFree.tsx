/** The review screen's hands-free switch (handsfree.ts does the reading). */
import { useState } from 'preact/hooks';
import type { Settings } from '../../core/types';
import { useHandsFree, voices } from './handsfree';
import type { Shown } from './views';

export function HandsFree({ shown, cardView, reveal, speech }: { shown: Shown; cardView: { current: HTMLElement | null }; reveal: () => void; speech: Settings['speech'] }) {
  const [on, setOn] = useState(false);
  const [noVoice, setNoVoice] = useState(false);
  useHandsFree(on, shown.card.id, shown.back === null ? 'front' : 'back', cardView, reveal, speech);
  const toggle = () => {
    const can = typeof speechSynthesis !== 'undefined' && voices().length > 0;
    setNoVoice(!can);
    setOn(can && !on);
  };
  return (
    <div class="handsfree">
      <button type="button" class="btn btn-small" aria-pressed={on} onClick={toggle}>
        Hands-free
      </button>
      {on && <span class="muted small">Reading aloud; the answer follows after a pause. Grade by tapping or swiping.</span>}
      {noVoice && (
        <span class="small" role="alert">
          No voice is available on this device, so hands-free cannot read cards aloud.
        </span>
      )}
    </div>
  );
}
