/** Hash routes: #/ decks, #/study/<deck id | all>, #/settings, #/import. Works on any static host. */
import { useEffect, useState } from 'preact/hooks';

export type Route = { name: 'decks' } | { name: 'study'; scope: string } | { name: 'settings' } | { name: 'import' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'study' && parts[1]) return { name: 'study', scope: parts[1] };
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'import') return { name: 'import' };
  return { name: 'decks' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'study':
      return `#/study/${encodeURIComponent(route.scope)}`;
    case 'settings':
      return '#/settings';
    case 'import':
      return '#/import';
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
