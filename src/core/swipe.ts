/**
 * Swipe to grade on touch screens: which finger movements count as a swipe, and which grade each
 * direction gives. Pure, so the thresholds are tested without a touch screen.
 */
import type { Rating } from './types';

export type SwipeDirection = 'left' | 'right' | 'up';

/** Which grade each direction gives (0: none). Default: left Again, right Good, up Easy. */
export interface SwipeSettings {
  enabled: boolean;
  left: Rating | 0;
  right: Rating | 0;
  up: Rating | 0;
}

export const DEFAULT_SWIPE: SwipeSettings = { enabled: true, left: 1, right: 3, up: 4 };

/** A swipe travels at least this far (CSS px) ... */
export const SWIPE_MIN_PX = 80;
/** ... this much more along its axis than across it ... */
export const SWIPE_AXIS_RATIO = 2;
/** ... within this time; slower movements are reading, not swiping. */
export const SWIPE_MAX_MS = 700;

export interface Gesture {
  dx: number;
  dy: number;
  ms: number;
  /** The page scrolled during the gesture: it was a scroll, whatever its shape. */
  scrolled: boolean;
  /** It began inside something that scrolls sideways (code, a wide table, a formula). */
  inSideScroller: boolean;
  /** More of the answer lies below: an upward movement scrolls, it does not grade. */
  moreBelow: boolean;
}

export function classifySwipe(g: Gesture): SwipeDirection | null {
  if (g.scrolled || g.ms > SWIPE_MAX_MS) return null;
  const ax = Math.abs(g.dx);
  const ay = Math.abs(g.dy);
  if (ax >= SWIPE_MIN_PX && ax >= SWIPE_AXIS_RATIO * ay) return g.inSideScroller ? null : g.dx < 0 ? 'left' : 'right';
  if (g.dy <= -SWIPE_MIN_PX && ay >= SWIPE_AXIS_RATIO * ax && !g.moreBelow) return 'up';
  return null;
}

export function swipeRating(direction: SwipeDirection | null, s: SwipeSettings): Rating | null {
  if (!direction || !s.enabled) return null;
  return s[direction] || null;
}
