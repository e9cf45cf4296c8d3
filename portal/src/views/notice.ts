import { ApiError } from "../api";
import { h } from "../dom";

/** An error as the user reads it: the API's own words and the fields at fault. */
export function errorNotice(error: unknown): HTMLElement {
  const text = error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error);
  return h("pre", { class: "error", role: "alert", "data-testid": "error" }, text);
}

/** Runs an action from a button or form, showing what went wrong next to it. */
export async function attempt(slot: HTMLElement, action: () => Promise<void>): Promise<void> {
  slot.replaceChildren();
  try {
    await action();
  } catch (error) {
    slot.replaceChildren(errorNotice(error));
  }
}
