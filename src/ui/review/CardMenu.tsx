/**
 * Review-time actions on the card on screen, for touch (the keys are @ suspend, - bury,
 * Ctrl+1..4 flag, e edit): a "Card actions" button opening a small menu.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export const FLAG_NAMES = ['No flag', 'Red', 'Orange', 'Green', 'Blue'] as const;

export interface CardMenuProps {
  flag: number;
  disabled: boolean;
  onEdit: () => void;
  onSuspend: () => void;
  onBury: () => void;
  onFlag: (flag: 0 | 1 | 2 | 3 | 4) => void;
}

export function CardMenu({ flag, disabled, onEdit, onSuspend, onBury, onFlag }: CardMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    addEventListener('pointerdown', close);
    addEventListener('keydown', close);
    root.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus();
    return () => {
      removeEventListener('pointerdown', close);
      removeEventListener('keydown', close);
    };
  }, [open]);
  const item = (label: string, keys: string, run: () => void) => (
    <button
      role="menuitem"
      class="card-menu-item"
      aria-keyshortcuts={keys}
      onClick={() => {
        setOpen(false);
        run();
      }}
    >
      <span>{label}</span>
      <kbd aria-hidden="true">{keys.replace('Control+', 'Ctrl+')}</kbd>
    </button>
  );
  return (
    <div class="card-menu" ref={root}>
      <button class="btn btn-small" aria-haspopup="menu" aria-expanded={open} disabled={disabled} onClick={() => setOpen(!open)}>
        {flag > 0 && <span class={`flag flag-${flag}`} aria-hidden="true" />}
        Card actions
      </button>
      {open && (
        <div class="card-menu-list" role="menu" aria-label="Card actions">
          {item('Edit', 'e', onEdit)}
          {item('Suspend', '@', onSuspend)}
          {item('Bury until tomorrow', '-', onBury)}
          {([1, 2, 3, 4] as const).map((f) => item(flag === f ? `Remove ${FLAG_NAMES[f].toLowerCase()} flag` : `Flag ${FLAG_NAMES[f].toLowerCase()}`, `Control+${f}`, () => onFlag(flag === f ? 0 : f)))}
        </div>
      )}
    </div>
  );
}
