import { field, h, money, table, utcTime } from "../dom";
import type { SettlementRun, SettlementRunList, SettlementStarted } from "../types";
import { attempt, errorNotice } from "./notice";
import { statementsPanel } from "./statements";
import type { View } from "./view";

/** A run in one of these states moves on by itself (statements computing, payouts and exports after approval) unless it is held. */
const moving = new Set(["computing", "approved", "paid-out"]);
const followMs = 3_000;

/**
 * The program's settlement runs, newest first: totals, whether they balance, history, failed payouts; a draft is
 * approved or rejected here (the version shown is the version decided), a run held after approval is resumed, and a
 * month's run is started.
 */
export const settlementsView: View = async ({ api, programPath, leaving }, container) => {
  const base = `${programPath}/settlements`;
  const runs = h("div", {});
  let follow: ReturnType<typeof setTimeout> | undefined;
  // A run just started is listed once its orchestration has recorded it: until then it is waited for too.
  let started: string | null = null;
  leaving.addEventListener("abort", () => clearTimeout(follow));
  const load = async (): Promise<void> => {
    clearTimeout(follow);
    try {
      const list = await api.get<SettlementRunList>(base);
      runs.replaceChildren(
        ...(list.runs.length === 0 ? [h("p", { class: "muted", "data-testid": "no-runs" }, "No settlement runs yet.")] : list.runs.map((run) => runCard(run))),
      );
      const waiting = started !== null && !list.runs.some((run) => `${run.month}/${run.version}` === started);
      if ((waiting || list.runs.some((run) => moving.has(run.status) && run.held === null)) && !leaving.aborted) {
        follow = setTimeout(() => void load(), followMs);
      }
    } catch (error) {
      runs.replaceChildren(errorNotice(error));
    }
  };

  const runCard = (run: SettlementRun): HTMLElement => {
    const outcome = h("div", {});
    const reason = h("input", { type: "text", "aria-label": "Reason", placeholder: "reason (required to reject)" });
    const act = (action: "approve" | "reject" | "resume", body: object): void =>
      void attempt(outcome, async () => {
        await api.post(`${base}/${run.month}/${action}`, { version: run.version, ...body });
        await load();
      });
    const decide = (decision: "approve" | "reject"): void => act(decision, { reason: reason.value.trim() || null });
    return h(
      "section",
      { class: "run", "data-testid": `run-${run.month}-v${run.version}` },
      h("h3", {}, `${run.month} · version ${run.version} `, h("span", { class: `badge ${run.status}`, "data-testid": "run-status" }, run.status)),
      table(
        ["Enrolments", "Customers", "Statements", "Brought forward", "Transfers", "Carried", "Balanced"],
        [[run.enrolments, run.customers, money(run.statementsTotal), money(run.broughtForwardTotal), money(run.transfersTotal), money(run.carriedTotal), run.balanced ? "yes" : "NO"]],
        "run-totals",
      ),
      run.status === "draft"
        ? h("div", { class: "controls" }, h("button", { onclick: () => decide("approve") }, "Approve"), reason, h("button", { class: "danger", onclick: () => decide("reject") }, "Reject"))
        : null,
      run.held
        ? h(
            "div",
            { class: "controls", "data-testid": "run-held" },
            h("p", { class: "error" }, `Held since ${utcTime(run.held.atUtc)}: ${run.held.cause}`),
            h("button", { onclick: () => act("resume", {}) }, "Resume"),
          )
        : null,
      outcome,
      run.failedPayouts.length > 0
        ? table(["Customer", "Amount", "Code", "Message", "Attempts"], run.failedPayouts.map((f) => [f.customerId, money(f.amount), f.code ?? "", f.message ?? "", f.attempts]), "failed-payouts")
        : null,
      statementsPanel(api, `${base}/${run.month}`, run),
      h("details", {}, h("summary", {}, "History"), table(["When", "Status", "By", "Why"], run.history.map((t) => [utcTime(t.atUtc), t.status, t.by, t.cause]), "run-history")),
    );
  };

  const startOutcome = h("div", {});
  const start = h(
    "form",
    { "data-testid": "start-run" },
    h("label", {}, "Settle month ", h("input", { name: "month", type: "month", required: true })),
    h("button", { type: "submit" }, "Start run"),
    startOutcome,
  );
  start.addEventListener("submit", (submitted) => {
    submitted.preventDefault();
    void attempt(startOutcome, async () => {
      const run = await api.post<SettlementStarted>(base, { month: field(start, "month") });
      started = `${run.month}/${run.version}`;
      startOutcome.replaceChildren(h("p", { class: "muted" }, `Run ${run.month} version ${run.version} started; it becomes a draft here when its statements are computed.`));
      await load();
    });
  });

  container.replaceChildren(h("h2", {}, "Settlement"), start, h("button", { class: "link", onclick: () => void load() }, "Refresh"), runs);
  await load();
};
