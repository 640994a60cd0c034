/**
 * Mock interview: N questions mixed across the chosen areas, weighted to the weak subtopics;
 * one at a time against a clock; self-graded (a mock answer is a review). Pure: selection with a
 * seeded generator, the clock's allowance and the summary.
 */
import { seededRandom } from './random';
import type { Rating } from './types';

export const DEFAULT_QUESTIONS = 10;
/** Seconds per question: behavioural prompts get longer (a story takes time to tell). */
export const QUESTION_SECONDS = 120;
export const STORY_SECONDS = 180;

export interface Candidate {
  cardId: string;
  noteId: string;
  /** The note's first subtopic ('c.12'); its letter is the area. */
  topic: string;
  story: boolean;
}

/**
 * Picks `n` questions: areas take turns (so the mix covers every chosen area), and within an
 * area a card is drawn with weight (1 + 3 × (1 − its subtopic's readiness)) × (1 + 0.25 × how
 * many interview-preparation resources cover the subtopic), so weak and often-asked subtopics
 * come up more often but none is excluded. One card per note.
 */
export function pickQuestions(candidates: readonly Candidate[], readiness: ReadonlyMap<string, number>, n: number, seed: number, frequency: ReadonlyMap<string, number> = new Map()): Candidate[] {
  const rand = seededRandom(seed);
  const byArea = new Map<string, Candidate[]>();
  const seenNotes = new Set<string>();
  for (const c of candidates) {
    if (seenNotes.has(c.noteId)) continue;
    seenNotes.add(c.noteId);
    const area = c.topic.split('.')[0]!;
    (byArea.get(area) ?? byArea.set(area, []).get(area)!).push(c);
  }
  const areas = [...byArea.keys()].sort();
  // The order in which areas take turns is shuffled too, so question 1 is not always area a.
  for (let i = areas.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [areas[i], areas[j]] = [areas[j]!, areas[i]!];
  }
  const out: Candidate[] = [];
  const weight = (c: Candidate) => (1 + 3 * (1 - (readiness.get(c.topic) ?? 0))) * (1 + 0.25 * (frequency.get(c.topic) ?? 0));
  for (let turn = 0; out.length < n && areas.some((a) => byArea.get(a)!.length); turn++) {
    const pool = byArea.get(areas[turn % areas.length]!)!;
    if (!pool.length) continue;
    const total = pool.reduce((t, c) => t + weight(c), 0);
    let r = rand() * total;
    let k = 0;
    while (k < pool.length - 1 && (r -= weight(pool[k]!)) > 0) k++;
    out.push(pool.splice(k, 1)[0]!);
  }
  return out;
}

export const secondsFor = (c: Pick<Candidate, 'story'>) => (c.story ? STORY_SECONDS : QUESTION_SECONDS);

export interface MockAnswer {
  candidate: Candidate;
  /** Seconds from the question shown to the answer revealed. */
  seconds: number;
  rating: Rating;
}

export interface MockSummary {
  questions: number;
  totalSeconds: number;
  overTime: number;
  /** Answers by grade, Again … Easy. */
  grades: [number, number, number, number];
  /** Subtopics answered Again or Hard, worst first (Again counts double). */
  weakest: string[];
}

export function summarise(answers: readonly MockAnswer[]): MockSummary {
  const grades: [number, number, number, number] = [0, 0, 0, 0];
  const weakness = new Map<string, number>();
  let overTime = 0;
  for (const a of answers) {
    grades[a.rating - 1]!++;
    if (a.seconds > secondsFor(a.candidate)) overTime++;
    if (a.rating <= 2) weakness.set(a.candidate.topic, (weakness.get(a.candidate.topic) ?? 0) + (a.rating === 1 ? 2 : 1));
  }
  return {
    questions: answers.length,
    totalSeconds: answers.reduce((t, a) => t + a.seconds, 0),
    overTime,
    grades,
    weakest: [...weakness].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en', { numeric: true })).map(([t]) => t),
  };
}
