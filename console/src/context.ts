// What every view is handed: the signed client, the region, and how to re-render or navigate.
import type { Api } from './api.js';

export interface ViewContext {
  api: Api;
  regionId: string;
  /** Navigate to a hash route (#/…). */
  go(route: string): void;
  /** Render the current view again (after a change). */
  refresh(): void;
  /** Called with a timer the view wants stopped when it is left. */
  onLeave(stop: () => void): void;
}

export type View = (ctx: ViewContext, params: string[]) => Promise<HTMLElement>;
