import { describe, expect, it } from 'vitest';
import { zipFolder } from '../../src/ui/import/folder';
import { openZip } from '../../src/formats/shared/zip';
import { detectFormat } from '../../src/formats/index';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('a chosen folder as a zip', () => {
  it('puts deck.json and media/… at the top, leaves hidden entries out, and is detected as CrowdAnki', () => {
    const deck = utf8('{"__type__":"Deck","name":"Spanish","notes":[]}');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const { name, bytes } = zipFolder([
      { path: 'Spanish/media/perro.png', data: png },
      { path: 'Spanish/deck.json', data: deck },
      { path: 'Spanish/.git/config', data: utf8('[core]') },
      { path: 'Spanish/media/.DS_Store', data: utf8('x') },
    ]);
    expect(name).toBe('Spanish.zip');
    const zip = openZip(bytes, 'zip file');
    expect([...zip.names].sort()).toEqual(['deck.json', 'media/perro.png']);
    expect(zip.read('media/perro.png')).toEqual(png);
    expect(new TextDecoder().decode(zip.read('deck.json'))).toContain('"Spanish"');
    expect(detectFormat(bytes, name)).toBe('crowdanki');
  });
});
