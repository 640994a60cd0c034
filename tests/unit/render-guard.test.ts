// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { renderSide } from '../../src/render';

// No installHappyDomFixes here on purpose: in a DOM where DOMPurify cannot work, rendering must
// refuse rather than return unsanitized HTML.
const pristine = Object.getOwnPropertyDescriptor(Node.prototype, 'nodeName')?.get?.call(document.createElement('p')) === 'P';

test.skipIf(pristine)('rendering fails closed when the sanitizer does not work', async () => {
  const note: Note = { id: 'n', deckId: 'd', kind: 'basic', format: 'html', front: '<img src=x onerror=alert(1)>', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0 };
  await expect(renderSide({ note, ord: 0, side: 'front' })).rejects.toThrow(/sanitizer does not work/);
});
