/**
 * Swipe to grade on the answer side (core/swipe.ts): touch events, passive, on the card. A
 * movement that scrolled the page, began in a sideways scroller, or pushed up while more of the
 * answer lies below is reading, not grading. A short vibration confirms a grade where supported.
 */
import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';
import { classifySwipe, swipeRating, type SwipeSettings } from '../../core/swipe';
import type { Rating } from '../../core/types';

export function useSwipeToGrade(target: RefObject<HTMLElement | null>, active: boolean, settings: SwipeSettings, grade: (r: Rating) => void): void {
  useEffect(() => {
    const el = target.current;
    if (!el || !active || !settings.enabled) return;
    let start: { x: number; y: number; t: number; scrollY: number; inSideScroller: boolean } | undefined;
    const sideScroller = (node: EventTarget | null): boolean => {
      for (let n = node as HTMLElement | null; n && n !== el; n = n.parentElement) if (n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflowX !== 'visible') return true;
      return false;
    };
    const onStart = (e: TouchEvent) => {
      const t = e.touches[0];
      start = e.touches.length === 1 && t ? { x: t.clientX, y: t.clientY, t: performance.now(), scrollY: scrollY, inSideScroller: sideScroller(e.target) } : undefined;
    };
    const onEnd = (e: TouchEvent) => {
      const t = e.changedTouches[0];
      if (!start || !t) return;
      const root = document.scrollingElement ?? document.documentElement;
      const dir = classifySwipe({
        dx: t.clientX - start.x,
        dy: t.clientY - start.y,
        ms: performance.now() - start.t,
        scrolled: Math.abs(scrollY - start.scrollY) > 2,
        inSideScroller: start.inSideScroller,
        moreBelow: root.scrollTop + root.clientHeight < root.scrollHeight - 2,
      });
      start = undefined;
      const rating = swipeRating(dir, settings);
      if (!rating) return;
      navigator.vibrate?.(12);
      grade(rating);
    };
    const cancel = () => (start = undefined);
    el.addEventListener('touchstart', onStart, { passive: true });
    el.addEventListener('touchend', onEnd, { passive: true });
    el.addEventListener('touchcancel', cancel, { passive: true });
    return () => {
      el.removeEventListener('touchstart', onStart);
      el.removeEventListener('touchend', onEnd);
      el.removeEventListener('touchcancel', cancel);
    };
  }, [target, active, settings, grade]);
}
