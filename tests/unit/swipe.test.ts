/** Swipe to grade (core/swipe.ts): what counts as a swipe, and which grade it gives. */
import { describe, expect, it } from 'vitest';
import { classifySwipe, DEFAULT_SWIPE, swipeRating, SWIPE_MAX_MS, SWIPE_MIN_PX, type Gesture } from '../../src/core/swipe';

const g = (over: Partial<Gesture>): Gesture => ({ dx: 0, dy: 0, ms: 200, scrolled: false, inSideScroller: false, moreBelow: false, ...over });

describe('swipe to grade', () => {
  it('a quick, long, straight movement is a swipe left, right or up', () => {
    expect(classifySwipe(g({ dx: -120, dy: 10 }))).toBe('left');
    expect(classifySwipe(g({ dx: 120, dy: -20 }))).toBe('right');
    expect(classifySwipe(g({ dx: 15, dy: -130 }))).toBe('up');
  });

  it('too short, too slow, diagonal or downward movements are not', () => {
    expect(classifySwipe(g({ dx: SWIPE_MIN_PX - 1 }))).toBeNull();
    expect(classifySwipe(g({ dx: 200, ms: SWIPE_MAX_MS + 1 }))).toBeNull();
    expect(classifySwipe(g({ dx: 120, dy: 80 }))).toBeNull();
    expect(classifySwipe(g({ dy: 150 }))).toBeNull();
  });

  it('reading is never grading: a scroll, a sideways scroller, or more answer below', () => {
    expect(classifySwipe(g({ dx: 150, scrolled: true }))).toBeNull();
    expect(classifySwipe(g({ dx: 150, inSideScroller: true }))).toBeNull();
    expect(classifySwipe(g({ dy: -150, inSideScroller: true }))).toBe('up');
    expect(classifySwipe(g({ dy: -150, moreBelow: true }))).toBeNull();
  });

  it('maps directions to grades by the settings; off or "nothing" gives none', () => {
    expect(swipeRating('left', DEFAULT_SWIPE)).toBe(1);
    expect(swipeRating('right', DEFAULT_SWIPE)).toBe(3);
    expect(swipeRating('up', DEFAULT_SWIPE)).toBe(4);
    expect(swipeRating('right', { ...DEFAULT_SWIPE, right: 2 })).toBe(2);
    expect(swipeRating('up', { ...DEFAULT_SWIPE, up: 0 })).toBeNull();
    expect(swipeRating('left', { ...DEFAULT_SWIPE, enabled: false })).toBeNull();
    expect(swipeRating(null, DEFAULT_SWIPE)).toBeNull();
  });
});
