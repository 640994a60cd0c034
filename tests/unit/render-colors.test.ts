import { describe, expect, test } from 'vitest';
import { adaptBackground, adaptForeground, contrastRatio, formatColor, luminance, parseColor, rgbToHsl, type Rgba } from '../../src/render/colors';

const rgb = (r: number, g: number, b: number, a = 1): Rgba => ({ r, g, b, a });
const near = (c: Rgba | undefined, want: Rgba) => {
  expect(c).toBeDefined();
  for (const k of ['r', 'g', 'b'] as const) expect(Math.abs(c![k] - want[k])).toBeLessThanOrEqual(1);
  expect(c!.a).toBeCloseTo(want.a, 2);
};
const DARK_CARD = rgb(0x11, 0x13, 0x22);
const DARK_TEXT = rgb(0xec, 0xee, 0xfa);

describe('parseColor', () => {
  test.each([
    ['navy', rgb(0, 0, 128)],
    ['Black', rgb(0, 0, 0)],
    ['rebeccapurple', rgb(102, 51, 153)],
    ['transparent', rgb(0, 0, 0, 0)],
    ['#f00', rgb(255, 0, 0)],
    ['#f008', rgb(255, 0, 0, 0x88 / 255)],
    ['#000080', rgb(0, 0, 128)],
    ['#00008080', rgb(0, 0, 128, 128 / 255)],
    ['rgb(0, 0, 128)', rgb(0, 0, 128)],
    ['rgba(255,0,0,0.5)', rgb(255, 0, 0, 0.5)],
    ['rgb(100% 0% 0% / 25%)', rgb(255, 0, 0, 0.25)],
    ['hsl(240, 100%, 25%)', rgb(0, 0, 128)],
    ['hsla(0deg 100% 50% / .5)', rgb(255, 0, 0, 0.5)],
    ['hsl(0.5turn, 100%, 50%)', rgb(0, 255, 255)],
    ['hwb(120 0% 50%)', rgb(0, 128, 0)],
    ['oklch(0.628 0.2577 29.23)', rgb(255, 0, 0)],
    ['oklab(1 0 0)', rgb(255, 255, 255)],
    ['color(srgb 0 0.5 1)', rgb(0, 128, 255)],
  ])('%s', (input, want) => near(parseColor(input), want));

  test.each(['currentcolor', 'inherit', '#12', '#12345', 'rgb(1, 2)', 'rgb(a, b, c)', 'url(x)', 'lab(50 0 0)', '', 'notacolor'])('rejects %j', (input) => {
    expect(parseColor(input)).toBeUndefined();
  });

  test('formatColor round-trips through parseColor', () => {
    for (const c of [rgb(1, 2, 3), rgb(250, 128, 0, 0.4)]) near(parseColor(formatColor(c)), c);
  });
});

describe('contrast', () => {
  test('WCAG reference values', () => {
    expect(luminance(rgb(255, 255, 255))).toBeCloseTo(1, 5);
    expect(contrastRatio(rgb(0, 0, 0), rgb(255, 255, 255))).toBeCloseTo(21, 5);
    expect(contrastRatio(rgb(255, 255, 255), rgb(255, 255, 255))).toBeCloseTo(1, 5);
    // #767676 on white is the classic 4.54:1.
    expect(contrastRatio(rgb(0x76, 0x76, 0x76), rgb(255, 255, 255))).toBeCloseTo(4.54, 2);
    // A translucent text colour is painted over its background first.
    expect(contrastRatio(rgb(0, 0, 0, 0.5), rgb(255, 255, 255))).toBeLessThan(contrastRatio(rgb(0, 0, 0), rgb(255, 255, 255)));
  });
});

describe('adaptForeground (dark card)', () => {
  test.each(['#000080', 'black', '#333', 'crimson', 'darkgreen', 'purple', 'rgba(0,0,0,0.8)', '#8b4513', 'blue'])('%s reaches AA and keeps its hue', (input) => {
    const fg = parseColor(input)!;
    expect(contrastRatio(fg, DARK_CARD)).toBeLessThan(4.5);
    const out = adaptForeground(fg, DARK_CARD);
    expect(contrastRatio(out, DARK_CARD)).toBeGreaterThanOrEqual(4.5);
    const [a, b] = [rgbToHsl(fg), rgbToHsl(out)];
    if (a.s > 0.05) expect(Math.abs(((a.h - b.h + 540) % 360) - 180)).toBeLessThan(2);
    expect(b.l).toBeGreaterThan(a.l);
  });

  test('black flips to white (as "invert colours" does); navy becomes a light blue', () => {
    near(adaptForeground(rgb(0, 0, 0), DARK_CARD), rgb(255, 255, 255));
    const navy = adaptForeground(rgb(0, 0, 128), DARK_CARD);
    expect(navy.b).toBeGreaterThan(navy.r);
    expect(navy.r).toBeGreaterThan(100);
  });

  test('colours that already read well are returned unchanged (same object)', () => {
    const gold = parseColor('gold')!;
    expect(adaptForeground(gold, DARK_CARD)).toBe(gold);
    expect(adaptForeground(DARK_TEXT, DARK_CARD)).toBe(DARK_TEXT);
  });

  test('on a light background the search goes darker', () => {
    const out = adaptForeground(parseColor('yellow')!, rgb(255, 255, 255));
    expect(contrastRatio(out, rgb(255, 255, 255))).toBeGreaterThanOrEqual(4.5);
    expect(rgbToHsl(out).l).toBeLessThan(0.5);
  });
});

describe('adaptBackground', () => {
  test('a yellow highlight under light text is darkened (hue kept) until the text reads', () => {
    const yellow = parseColor('yellow')!;
    const out = adaptBackground(yellow, DARK_TEXT);
    expect(contrastRatio(DARK_TEXT, out)).toBeGreaterThanOrEqual(4.5);
    expect(rgbToHsl(out).h).toBeCloseTo(60, 0);
  });
  test('white becomes near black; a dark background is left alone', () => {
    expect(luminance(adaptBackground(rgb(255, 255, 255), DARK_TEXT))).toBeLessThan(0.05);
    const dark = rgb(0x20, 0x20, 0x40);
    expect(adaptBackground(dark, DARK_TEXT)).toBe(dark);
  });
});
