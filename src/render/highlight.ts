/**
 * Code highlighting, loaded only when a card has a code block in a language we highlight: the
 * highlight.js core and our ten languages come as one lazy chunk (hljs-bundle.ts).
 */

export type Highlight = (code: string, language: string) => string;

/** Fence info strings we highlight, mapped to the registered highlight.js language. */
const LANGUAGES: Record<string, string> = {
  python: 'python', py: 'python', python3: 'python',
  sql: 'sql', postgresql: 'sql', postgres: 'sql', mysql: 'sql', sqlite: 'sql',
  bash: 'bash', sh: 'bash', zsh: 'bash', shell: 'shell', console: 'shell', 'shell-session': 'shell',
  javascript: 'javascript', js: 'javascript', jsx: 'javascript', mjs: 'javascript',
  typescript: 'typescript', ts: 'typescript', tsx: 'typescript',
  json: 'json', jsonc: 'json',
  java: 'java',
  cpp: 'cpp', 'c++': 'cpp', c: 'cpp', cc: 'cpp', h: 'cpp', hpp: 'cpp', cxx: 'cpp',
  yaml: 'yaml', yml: 'yaml',
  plaintext: 'plaintext', text: 'plaintext', txt: 'plaintext', plain: 'plaintext',
};

/** The highlight.js language for a fence info string (`python`, `py title="x"`), if we have it. */
export function languageOf(info: string | undefined): string | undefined {
  const word = info?.trim().split(/\s+/)[0]?.toLowerCase();
  return word ? LANGUAGES[word] : undefined;
}

/** Whether a block in this language gains anything from loading the highlighter. */
export function needsHighlighter(info: string | undefined): boolean {
  const lang = languageOf(info);
  return lang !== undefined && lang !== 'plaintext';
}

let load: Promise<Highlight> | undefined;

export function loadHighlighter(): Promise<Highlight> {
  load ??= import('./hljs-bundle').then((m) => m.highlight);
  // A failed chunk load must not stick: the next card may try again.
  load.catch(() => (load = undefined));
  return load;
}
