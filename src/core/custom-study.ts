/**
 * Custom study (Anki's, phone-friendly): a one-off session on a chosen set of cards. The choice
 * travels in the study scope (`custom:<encoded spec>`), so a session can be reloaded and linked.
 * Counted sessions schedule as any review; a cram session changes nothing: answers are not
 * written, and a card answered Again comes back at the end.
 */
export type CustomKind = 'forgotten' | 'ahead' | 'tag' | 'plan' | 'fading';

export interface CustomSpec {
  kind: CustomKind;
  /** A deck id (with its sub-decks), or 'all'. */
  deck: string;
  /** forgotten: answered Again in the last `days` days; ahead: due in the next `days` days. */
  days?: number;
  /** tag: cards of notes with this tag (sub-tags `tag::x` too). */
  tag?: string;
  /** True: nothing is rescheduled or logged. */
  cram: boolean;
  /** At most this many cards. */
  limit: number;
  /** plan / fading (an interview's sessions): its decks (empty: all). */
  decks?: string[];
  /** plan: today's new cards, after the due ones. */
  newCards?: number;
  /** fading: the interview's time; cards come weakest on that day first. */
  at?: number;
}

export const CUSTOM_SCOPE = 'custom:';
export const CUSTOM_MAX_CARDS = 500;

const toBase64Url = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));

export function customScope(spec: CustomSpec): string {
  return CUSTOM_SCOPE + toBase64Url(JSON.stringify(spec));
}

export const isCustomScope = (scope: string) => scope.startsWith(CUSTOM_SCOPE);

/** What is wrong with a spec, in words (empty: it can start). */
export function customProblems(spec: CustomSpec): string[] {
  const out: string[] = [];
  const whole = (v: number | undefined, lo: number, hi: number) => v !== undefined && Number.isInteger(v) && v >= lo && v <= hi;
  if ((spec.kind === 'forgotten' || spec.kind === 'ahead') && !whole(spec.days, 1, 365)) out.push('Days must be a whole number from 1 to 365.');
  if (spec.kind === 'plan' && !whole(spec.newCards, 0, 9999)) out.push('New cards must be a whole number from 0 to 9999.');
  if (spec.kind === 'fading' && !Number.isFinite(spec.at)) out.push('The interview date is missing.');
  if (spec.kind === 'tag' && !spec.tag?.trim()) out.push('Choose a tag.');
  if (!whole(spec.limit, 1, CUSTOM_MAX_CARDS)) out.push(`Cards must be a whole number from 1 to ${CUSTOM_MAX_CARDS}.`);
  return out;
}

/** The spec in a scope, or undefined when it is not one or cannot be read. */
export function parseCustomScope(scope: string): CustomSpec | undefined {
  if (!isCustomScope(scope)) return undefined;
  try {
    const spec = JSON.parse(fromBase64Url(scope.slice(CUSTOM_SCOPE.length))) as CustomSpec;
    if (!['forgotten', 'ahead', 'tag', 'plan', 'fading'].includes(spec.kind) || typeof spec.deck !== 'string' || typeof spec.cram !== 'boolean') return undefined;
    return customProblems(spec).length ? undefined : spec;
  } catch {
    return undefined;
  }
}

/** A tag matches itself and its sub-tags (`ml` matches `ml::cnn`), case-insensitively. */
export function tagMatches(tags: readonly string[], wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  return tags.some((t) => {
    const l = t.toLowerCase();
    return l === w || l.startsWith(`${w}::`);
  });
}

/** One line saying what a spec studies. */
export function describeCustom(spec: CustomSpec): string {
  if (spec.kind === 'plan') return `Interview plan: today's due cards and ${spec.newCards} new`;
  if (spec.kind === 'fading') return 'Interview review: the cards weakest on the day, first';
  const what = spec.kind === 'forgotten' ? `cards forgotten in the last ${spec.days} day${spec.days === 1 ? '' : 's'}` : spec.kind === 'ahead' ? `reviews due in the next ${spec.days} day${spec.days === 1 ? '' : 's'}` : `cards tagged ${spec.tag}`;
  return `${spec.cram ? 'Cram' : 'Custom study'}: ${what}`;
}
