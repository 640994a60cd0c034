/**
 * Custom study (Anki's, phone-friendly): more new cards or reviews today, forgotten cards, review
 * ahead, or the cards of a tag, for one deck or all; counted (scheduled as usual) or cram (nothing
 * changes). Opened from the done view and the deck overview.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Deck } from '../../core/types';
import { CUSTOM_MAX_CARDS, customProblems, customScope, type CustomKind, type CustomSpec } from '../../core/custom-study';
import { listDecks } from '../../storage';
import { extendToday } from '../../storage/limit-extension';
import { announceChange } from '../../app/tabs';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { navigate } from '../router';
import { NamedOptions } from '../named-options';
import topicsFile from '../../../decks/topics.json';
import '../settings.css';
import './custom.css';

type Choice = 'more-new' | 'more-reviews' | 'topic' | CustomKind;

const CHOICES: [Choice, string, string][] = [
  ['more-new', 'More new cards today', 'Raises today’s new-card limit.'],
  ['more-reviews', 'More reviews today', 'Raises today’s review limit.'],
  ['forgotten', 'Review forgotten cards', 'Cards you answered Again recently.'],
  ['ahead', 'Review ahead', 'Reviews due in the next days, studied now.'],
  ['tag', 'Cards with a tag', 'Every card of the notes with that tag.'],
  ['topic', 'A subtopic', 'Its due cards, then its new ones (counted).'],
];
const TOPICS = Object.entries(topicsFile.topics as Record<string, string>);

export function CustomStudy({ deckId }: { deckId?: string | undefined }) {
  const { settings, notify } = useApp();
  const [decks, setDecks] = useState<Deck[]>([]);
  const [deck, setDeck] = useState(deckId ?? 'all');
  const [choice, setChoice] = useState<Choice>('more-new');
  const [amount, setAmount] = useState('10');
  const [days, setDays] = useState('7');
  const [tag, setTag] = useState('');
  const [topic, setTopic] = useState(TOPICS[0]![0]);
  const [cram, setCram] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    void listDecks().then(setDecks, (e: unknown) => setProblems([errorMessage(e)]));
  }, []);

  const start = async (e: Event) => {
    e.preventDefault();
    const n = Number(amount);
    if (choice === 'more-new' || choice === 'more-reviews') {
      try {
        await extendToday(deck, choice === 'more-new' ? { new: n, review: 0 } : { new: 0, review: n }, Date.now(), settings);
        announceChange('edit');
        navigate({ name: 'study', scope: deck });
      } catch (err) {
        setProblems([errorMessage(err)]);
      }
      return;
    }
    if (choice === 'topic') return navigate({ name: 'study', scope: `topic:${topic}` });
    const spec: CustomSpec = { kind: choice, deck, cram, limit: n, ...(choice === 'tag' ? { tag: tag.trim() } : { days: Number(days) }) };
    const wrong = customProblems(spec);
    setProblems(wrong);
    if (wrong.length) return;
    notify(cram ? 'Cram: answers in this session change nothing.' : 'Custom study: answers are scheduled as usual.');
    navigate({ name: 'study', scope: customScope(spec) });
  };

  const extend = choice === 'more-new' || choice === 'more-reviews';
  const counted = choice === 'topic';
  return (
    <section class="settings custom-study" aria-labelledby="custom-title">
      <h1 id="custom-title">Custom study</h1>
      <form onSubmit={(e) => void start(e)} noValidate>
        <div class="field">
          <label for="custom-deck">Deck</label>
          <select id="custom-deck" value={deck} onChange={(e) => setDeck((e.target as HTMLSelectElement).value)}>
            <option value="all">All decks</option>
            <NamedOptions items={decks} />
          </select>
        </div>
        <fieldset class="custom-choices">
          <legend>What to study</legend>
          {CHOICES.map(([value, label, hint]) => (
            <label class="custom-choice">
              <input type="radio" name="custom-kind" value={value} checked={choice === value} onChange={() => setChoice(value)} />
              <span>
                <strong>{label}</strong>
                <span class="muted small">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {(choice === 'forgotten' || choice === 'ahead') && (
          <div class="field">
            <label for="custom-days">{choice === 'forgotten' ? 'Forgotten in the last (days)' : 'Due in the next (days)'}</label>
            <input id="custom-days" type="number" inputMode="numeric" min={1} max={365} value={days} onInput={(e) => setDays((e.target as HTMLInputElement).value)} />
          </div>
        )}
        {choice === 'topic' && (
          <div class="field">
            <label for="custom-topic">Subtopic</label>
            <select id="custom-topic" value={topic} onChange={(e) => setTopic((e.target as HTMLSelectElement).value)}>
              {TOPICS.map(([id, title]) => (
                <option value={id}>
                  {id} {title}
                </option>
              ))}
            </select>
          </div>
        )}
        {choice === 'tag' && (
          <div class="field">
            <label for="custom-tag">Tag</label>
            <input id="custom-tag" type="text" value={tag} onInput={(e) => setTag((e.target as HTMLInputElement).value)} autoComplete="off" />
          </div>
        )}
        {!counted && <div class="field">
          <label for="custom-amount">{extend ? 'How many more today' : `At most this many cards (up to ${CUSTOM_MAX_CARDS})`}</label>
          <input id="custom-amount" type="number" inputMode="numeric" min={1} max={extend ? 9999 : CUSTOM_MAX_CARDS} value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
        </div>}
        {!extend && !counted && (
          <div class="field field-check">
            <input id="custom-cram" type="checkbox" checked={cram} onChange={(e) => setCram((e.target as HTMLInputElement).checked)} />
            <label for="custom-cram">Cram: don’t change the schedule (answers are not saved)</label>
          </div>
        )}
        {problems.length > 0 && (
          <div class="banner banner-error" role="alert">
            {problems.map((p) => (
              <p>{p}</p>
            ))}
          </div>
        )}
        <button type="submit" class="btn btn-primary btn-block">
          Start
        </button>
      </form>
    </section>
  );
}
