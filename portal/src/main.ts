// The program managers' portal: sign-in, then fleet, dispatch events and settlement for one program.

import { Api } from "./api";
import { h } from "./dom";
import { Session } from "./session";
import { eventDetailView } from "./views/eventDetail";
import { eventsView } from "./views/events";
import { fleetView } from "./views/fleet";
import { settlementsView } from "./views/settlements";
import type { View } from "./views/view";

interface PortalConfig {
  apiBase: string;
  defaultProgram: string;
}

const routes: Record<string, View> = {
  fleet: fleetView,
  events: eventsView,
  event: eventDetailView,
  settlements: settlementsView,
};

const session = new Session(sessionStorage);
session.adoptFromFragment(location, history);
const config = (await (await fetch("config.json")).json()) as PortalConfig;
const main = document.querySelector("main")!;
const header = document.querySelector("header nav")!;
let leaving = new AbortController();

const api = new Api(config.apiBase, session, () => {
  session.signOut();
  showSignIn("Your sign-in has expired or was refused: sign in again.");
});

function programId(): string {
  return new URLSearchParams(location.search).get("program") ?? config.defaultProgram;
}

function navigate(route: string): void {
  location.hash = `#/${route}`;
}

async function show(): Promise<void> {
  leaving.abort();
  leaving = new AbortController();
  if (!session.bearer) {
    showSignIn();
    return;
  }
  renderHeader();
  const [name = "fleet", ...parameters] = location.hash.replace(/^#\/?/, "").split("/");
  const view = name === "events" && parameters.length > 0 ? routes["event"] : routes[name];
  // Each view draws into its own element: one still loading when the user moves on draws into a detached element.
  const container = h("div", {});
  main.replaceChildren(container);
  const programPath = `programs/${encodeURIComponent(programId())}`;
  await (view ?? fleetView)({ api, programPath, navigate, leaving: leaving.signal }, container, ...parameters);
}

function renderHeader(): void {
  const claims = session.claims;
  const link = (route: string, label: string): HTMLElement => h("a", { href: `#/${route}` }, label);
  header.replaceChildren(
    link("fleet", "Fleet"),
    link("events", "Events"),
    link("settlements", "Settlement"),
    h("span", { class: "who", "data-testid": "who" }, `${claims?.subject ?? "signed in"} (${claims?.roles.join(", ") ?? "?"}) · program ${programId()}`),
    h("button", { class: "link", onclick: signOut }, "Sign out"),
  );
}

function signOut(): void {
  session.signOut();
  void show();
}

function showSignIn(reason?: string): void {
  leaving.abort();
  header.replaceChildren();
  const token = h("textarea", { name: "token", rows: 4, "aria-label": "Token", required: true });
  const form = h(
    "form",
    { "data-testid": "sign-in" },
    h("h2", {}, "Sign in"),
    reason ? h("p", { class: "error", role: "alert" }, reason) : null,
    h("p", {}, "Paste a program manager's token. Locally: ", h("code", {}, "dotnet run --project functions/Vpp.LocalHost -- token --role program-manager"), ", or open the portal link the local stack prints."),
    token,
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    session.signIn(token.value);
    void show();
  });
  main.replaceChildren(form);
}

window.addEventListener("hashchange", () => void show());
await show();
