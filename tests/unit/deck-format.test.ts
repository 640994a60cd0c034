import { describe, expect, it } from 'vitest';
import { cardOrdinals, parseDeckFile } from '../../src/formats/prepdeck/parse';

const FENCE = '```';

describe('our deck format', () => {
  it('reads front matter and cards; --- and ## inside code fences are content', () => {
    const text = [
      '---',
      'id: demo',
      'name: Demo deck',
      'description: For the test',
      '---',
      '',
      '## demo-yaml',
      'topics: e.34',
      'tags: yaml, formats',
      'difficulty: easy',
      '',
      'What separates YAML documents?',
      '',
      `${FENCE}yaml`,
      'a: 1',
      '---',
      '## not a card',
      'b: 2',
      FENCE,
      '',
      '---',
      '',
      'A line with three dashes.',
      '',
      '## demo-cloze',
      'type: cloze',
      'topics: a.15',
      '',
      'Heaps pop in {{c1::$O(\\log n)$}} and build in {{c2::$O(n)$::linear?}}.',
    ].join('\n');
    const { meta, cards, errors } = parseDeckFile(text, 'demo.md');
    expect(errors).toEqual([]);
    expect(meta).toEqual({ id: 'demo', name: 'Demo deck', description: 'For the test' });
    expect(cards.map((c) => c.id)).toEqual(['demo-yaml', 'demo-cloze']);
    expect(cards[0]!.front).toContain('## not a card');
    expect(cards[0]!.back).toBe('A line with three dashes.');
    expect(cards[0]).toMatchObject({ tags: ['yaml', 'formats'], topics: ['e.34'], difficulty: 'easy', kind: 'basic' });
    expect(cards[1]!.back).toBe('');
    expect(cardOrdinals('cloze', cards[1]!.front)).toEqual([0, 1]);
    expect(cardOrdinals('reversed', 'x')).toEqual([0, 1]);
  });

  it('reports each problem with its file and line', () => {
    const text = ['## Bad_ID', 'type: flashcard', '', 'Front only', '', '## ok-type-in', 'type: type-in', '', 'Q?', '---', 'A.'].join('\n');
    const { errors } = parseDeckFile(text, 'bad.md');
    expect(errors).toEqual([
      expect.stringMatching(/^bad\.md:1: card id "Bad_ID"/),
      expect.stringMatching(/^bad\.md:2: unknown card type "flashcard"/),
      expect.stringMatching(/^bad\.md:1: card "Bad_ID" has no "---" line/),
      expect.stringMatching(/^bad\.md:6: type-in card "ok-type-in" needs an "answer:" line/),
    ]);
  });
});

describe('cloze numbers', () => {
  it('reads one deletion shown on several cards ({{c1,2::…}}, Anki 23.10+) as each of its cards', async () => {
    const { clozeNumbers } = await import('../../src/formats/prepdeck/parse');
    expect(clozeNumbers('{{c1,3::a}} and {{c2::b}} and {{c 4::not a deletion}}')).toEqual([1, 2, 3]);
    expect(clozeNumbers('{{c2, 5::x}}')).toEqual([2, 5]);
    expect(clozeNumbers('{{c0::x}} {{c1,::y}}')).toEqual([]);
  });
});
