// Which sources the dashboard can act through: a runtime's REST API (or the sim's, which serves the same
// routes) can take a cancel or an approval; a stream or a replay cannot.

/** One source as the monitor configured it: its key (`ExecutionSummary.source`) and where actions go. */
export interface ActionSource {
  readonly key: string;
  /** The source's URL; for the demo runtime, its REST base. */
  readonly url: string;
}

/** Where a source's actions go: a REST base URL, or why there is none. */
export type ActionTarget = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/** Classifies one source by its URL's scheme, as createSource does. */
export function actionTarget(source: ActionSource): ActionTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source.url.trim())?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return { ok: true, url: source.url };
  if (scheme === 'ws' || scheme === 'wss') {
    return { ok: false, reason: 'a websocket stream has no REST API to act through: add the runtime\'s --url http://…' };
  }
  return { ok: false, reason: 'a replay: there is no runtime to act on' };
}
