import type { Api } from "../api";

/** What a view is given: the API, the program it shows, and a way to move to another view. */
export interface ViewContext {
  readonly api: Api;
  /** The program's API path (programs/{id}), which every view's calls start from. */
  readonly programPath: string;
  readonly navigate: (route: string) => void;
  /** Aborted when the user leaves the view, so that its refreshes stop. */
  readonly leaving: AbortSignal;
}

/** Runs an action every so often until the user leaves the view. */
export function every(ms: number, leaving: AbortSignal, action: () => void): void {
  const timer = setInterval(action, ms);
  leaving.addEventListener("abort", () => clearInterval(timer));
}

export type View = (context: ViewContext, container: HTMLElement, ...parameters: string[]) => Promise<void>;
