import { chart } from "../charts";
import { h, kw, localTime, optionalKw, table, utcTime } from "../dom";
import type { DeliveryMinute, DispatchEvent, PlanSearch } from "../types";
import { badge } from "./events";
import { attempt, errorNotice } from "./notice";
import { every, type View } from "./view";

const refreshMs = 15_000;
const finished = new Set(["completed", "cancelled", "failed"]);

/** One event: its state and history, plan, delivery against target minute by minute, and what a manager may do now. */
export const eventDetailView: View = async ({ api, programPath, leaving }, container, eventId = "") => {
  const path = `${programPath}/events/${encodeURIComponent(eventId)}`;
  const actions = h("div", {});
  const render = async (): Promise<void> => {
    try {
      const e = await api.get<DispatchEvent>(path);
      container.replaceChildren(
        h("h2", {}, "Event ", h("code", {}, e.eventId), " ", badge(e.status)),
        h(
          "dl",
          {},
          ...definition("Kind", `${e.kind}${e.test ? " (test)" : ""}`),
          ...definition("Window (program time)", `${localTime(e.localStart)} – ${localTime(e.localEnd)}`),
          ...definition("Target", kw(e.targetKw)),
          ...definition("Devices", e.deviceTypes.join(", ")),
          ...definition("Notice", e.notice),
          ...definition("Message", e.message ?? "—"),
          ...(e.plan ? definition("Plan", `v${e.plan.version}: ${kw(e.plan.plannedShedKw)} from ${e.plan.participants} devices (${e.plan.reserves} in reserve), ${e.plan.customers} customers`) : []),
          ...(e.plan?.search ? definition("Solve", solveOf(e.plan.method, e.plan.solverStatus, e.plan.search)) : []),
        ),
        controls(e),
        actions,
        h("h3", {}, "Delivery"),
        delivery(e.delivery),
        h("h3", {}, "History"),
        table(
          ["When", "From", "To", "Why"],
          e.history.map((t) => [utcTime(t.atUtc), t.from ?? "", t.to, t.cause]),
          "history",
        ),
      );
    } catch (error) {
      container.replaceChildren(h("h2", {}, "Event"), errorNotice(error));
    }
  };

  const act = (request: () => Promise<unknown>): void => void attempt(actions, async () => {
    await request();
    await render();
  });

  const controls = (e: DispatchEvent): HTMLElement => {
    if (finished.has(e.status)) {
      return h("p", { class: "muted" }, "This event is over; its report is final.", " ", reportLink());
    }
    const target = h("input", { type: "number", min: 0, step: "any", "aria-label": "New target kW", placeholder: "kW, empty: as available", value: e.targetKw ?? "" });
    return h(
      "div",
      { class: "controls" },
      e.status === "proposed" ? h("button", { onclick: () => act(() => api.post(`${path}/confirm`)) }, "Confirm") : null,
      h("button", { class: "danger", onclick: () => window.confirm("Cancel this event? Devices already shedding restore at once.") && act(() => api.post(`${path}/cancel`)) }, "Cancel event"),
      h("span", {}, target, h("button", { onclick: () => act(() => api.patch(path, { targetKw: optionalKw(target.value) })) }, "Change target")),
      reportLink(),
    );
  };

  const reportLink = (): HTMLElement =>
    h(
      "button",
      {
        class: "link",
        onclick: () =>
          void attempt(actions, async () => {
            const csv = await api.download(`${path}/report?format=csv`);
            const link = h("a", { href: URL.createObjectURL(csv), download: `${eventId}-report.csv` });
            link.click();
            URL.revokeObjectURL(link.href);
          }),
      },
      "Report (CSV)",
    );

  await render();
  // A refresh redraws the view: not while the manager is typing a new target into it.
  const typing = (): boolean => document.activeElement instanceof HTMLInputElement && container.contains(document.activeElement);
  every(refreshMs, leaving, () => {
    if (!typing()) {
      void render();
    }
  });
};

function definition(term: string, description: string): HTMLElement[] {
  return [h("dt", {}, term), h("dd", {}, description)];
}

/** How the planner came to the plan; a plan its time limit cut short says so. */
function solveOf(method: string, status: string | null, search: PlanSearch): string {
  const rounds = search.rounds === 0 ? "no round solved" : `round ${search.keptRound} of ${search.rounds} kept`;
  const limit = search.stoppedAtLimit ? ", stopped at its time limit" : "";
  return `${method}, ${status ?? "no solver"}: ${rounds}, ${search.seconds.toFixed(1)} s${limit}`;
}

/** Delivered against target as a chart (the last minutes in a table), or why there is nothing yet. */
function delivery(minutes: DeliveryMinute[] | null): HTMLElement {
  if (!minutes || minutes.length === 0) {
    return h("p", { class: "muted", "data-testid": "no-delivery" }, "No delivery measured yet: it is watched minute by minute once the event starts.");
  }
  const recent = minutes.slice(-10).reverse();
  return h(
    "div",
    {},
    chart("Delivered kW (solid) against target kW (dashed), minute by minute", [
      { values: minutes.map((m) => m.targetKw), css: "target" },
      { values: minutes.map((m) => m.deliveredKw), css: "delivered" },
    ]),
    table(
      ["Minute", "Target", "Baseline", "Measured", "Delivered", "Reporting of commanded", "Overrides", "Opt-outs"],
      recent.map((m) => [utcTime(m.minuteUtc), kw(m.targetKw), kw(m.baselineKw), kw(m.measuredKw), kw(m.deliveredKw), reportingOf(m), m.overrides, m.optOuts]),
      "delivery",
    ),
  );
}

/** How many commanded devices were counted, and how often they report: the watch waits longer for devices that report less often. */
function reportingOf(m: DeliveryMinute): string {
  const seconds = m.reportingIntervalSeconds;
  const cadence = seconds <= 0 ? "" : seconds % 60 === 0 ? `, every ${seconds / 60} min` : `, every ${seconds} s`;
  return `${m.reporting} of ${m.commanded}${cadence}`;
}
