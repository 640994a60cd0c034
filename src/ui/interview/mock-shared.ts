/** What the mock interview's question and summary views share. */
import topicsFile from '../../../decks/topics.json';
import type { Rating } from '../../core/types';

export const TOPICS = topicsFile.topics as Record<string, string>;

export const GRADES: [Rating, string][] = [
  [1, 'Again'],
  [2, 'Hard'],
  [3, 'Good'],
  [4, 'Easy'],
];

/** Seconds as m:ss (the sign is shown by the caller). */
export const clock = (s: number) => `${Math.floor(Math.abs(s) / 60)}:${String(Math.floor(Math.abs(s) % 60)).padStart(2, '0')}`;
