// Types shared by the demo's modules (checked by `tsc -p www/tsconfig.json`; never loaded by the page).

/** What `h`, `fill` and `append` take as children: nodes, text, numbers, nested lists; null/false are skipped. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

import type { ImageTag, ImageTagClient } from 'imagetag';

/** The connection settings (js/settings.js). */
export interface Connection {
  baseUrl: string;
  token: string;
  timeoutMs: number;
}

/** A one-shot message for the next view. */
export interface Flash {
  text: string;
  kind: 'ok' | 'warn' | 'error';
}

/** The page's state shared by the views (app.js). */
export interface App {
  conn: Connection;
  client: ImageTagClient | null;
  /** The list view's tags (its list, then its watch) by "namespace/name": a tag view shows one at once. */
  cache: Map<string, ImageTag>;
  /** The list view's filters, kept across navigation. */
  listState: { namespace: string; filter: string; sort: string; descending: boolean };
  flash: Flash | null;
  readonly base: string;
  navigate(hash: string): void;
  setFlash(text: string, kind?: Flash['kind']): void;
}

/** What the router hands a view. */
export interface ViewContext {
  app: App;
  /** The client of the current connection settings. */
  client: ImageTagClient;
  main: HTMLElement;
  signal: AbortSignal;
  query: URLSearchParams;
}
