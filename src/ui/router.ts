/**
 * Hash routes, so the app works on any static host: #/ decks, #/deck/<id> (overview),
 * #/study/<deck id | all>, #/browse?q=…&deck=…, #/add?deck=…, #/edit/<note id>, #/settings,
 * #/import, #/stats?deck=…, #/readiness. A study scope `topic:<id>` is a focused session on
 * one content-map subtopic.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'decks' }
  | { name: 'deck'; deckId: string }
  | { name: 'deck-options'; deckId: string }
  | { name: 'study'; scope: string }
  | { name: 'browse'; query?: string; deckId?: string }
  | { name: 'add'; deckId?: string }
  | { name: 'edit'; noteId: string }
  | { name: 'settings' }
  | { name: 'import' }
  | { name: 'stats'; deckId?: string }
  | { name: 'readiness' }
  | { name: 'custom'; deckId?: string }
  | { name: 'interview' }
  | { name: 'mock' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  const opt = (k: string) => params.get(k) || undefined;
  switch (parts[0]) {
    case 'study':
      if (parts[1]) return { name: 'study', scope: parts[1] };
      break;
    case 'deck':
      if (parts[1] && parts[2] === 'options') return { name: 'deck-options', deckId: parts[1] };
      if (parts[1]) return { name: 'deck', deckId: parts[1] };
      break;
    case 'edit':
      if (parts[1]) return { name: 'edit', noteId: parts[1] };
      break;
    case 'browse': {
      const r: Route = { name: 'browse' };
      if (opt('q')) r.query = opt('q');
      if (opt('deck')) r.deckId = opt('deck');
      return r;
    }
    case 'add':
      return opt('deck') ? { name: 'add', deckId: opt('deck')! } : { name: 'add' };
    case 'settings':
      return { name: 'settings' };
    case 'import':
      return { name: 'import' };
    case 'stats':
      return opt('deck') ? { name: 'stats', deckId: opt('deck')! } : { name: 'stats' };
    case 'readiness':
      return { name: 'readiness' };
    case 'custom':
      return opt('deck') ? { name: 'custom', deckId: opt('deck')! } : { name: 'custom' };
    case 'interview':
      return { name: 'interview' };
    case 'mock':
      return { name: 'mock' };
  }
  return { name: 'decks' };
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function href(route: Route): string {
  switch (route.name) {
    case 'study':
      return `#/study/${encodeURIComponent(route.scope)}`;
    case 'deck':
      return `#/deck/${encodeURIComponent(route.deckId)}`;
    case 'deck-options':
      return `#/deck/${encodeURIComponent(route.deckId)}/options`;
    case 'edit':
      return `#/edit/${encodeURIComponent(route.noteId)}`;
    case 'browse':
      return `#/browse${query({ q: route.query, deck: route.deckId })}`;
    case 'add':
      return `#/add${query({ deck: route.deckId })}`;
    case 'settings':
      return '#/settings';
    case 'import':
      return '#/import';
    case 'stats':
      return `#/stats${query({ deck: route.deckId })}`;
    case 'readiness':
      return '#/readiness';
    case 'custom':
      return `#/custom${query({ deck: route.deckId })}`;
    case 'interview':
      return '#/interview';
    case 'mock':
      return '#/mock';
    default:
      return '#/';
  }
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
