// A few helpers for building views from plain DOM: no framework, nothing to keep up to date.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) {
      continue;
    }
    if (typeof value === "function") {
      element.addEventListener(name.replace(/^on/, ""), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

export function table(headings: readonly string[], rows: readonly Child[][], testId: string): HTMLTableElement {
  return h(
    "table",
    { "data-testid": testId },
    h("thead", {}, h("tr", {}, ...headings.map((heading) => h("th", {}, heading)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell))))),
  );
}

export const kw = (value: number | null | undefined): string => (value === null || value === undefined ? "as available" : `${value.toFixed(1)} kW`);

export const money = (value: number): string => value.toLocaleString("en-US", { style: "currency", currency: "USD" });

/** An instant as the API gives it with the program's offset (…-08:00): its wall-clock time there, not the browser's. */
export const localTime = (iso: string): string => iso.slice(0, 16).replace("T", " ");

export const utcTime = (iso: string): string => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** A kW figure typed into a field: none (as much as available) when the field is empty. */
export const optionalKw = (text: string): number | null => (text.trim() === "" ? null : Number(text));

/** A form's named field as text. */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value.trim() : "";
}
