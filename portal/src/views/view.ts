import type { Api } from "../api";

/** What a view is given: the API, the program it shows, and a way to move to another view. */
export interface ViewContext {
  readonly api: Api;
  readonly programId: string;
  readonly navigate: (route: string) => void;
  /** Aborted when the user leaves the view, so that its refreshes stop. */
  readonly leaving: AbortSignal;
}

export type View = (context: ViewContext, container: HTMLElement, ...parameters: string[]) => Promise<void>;
