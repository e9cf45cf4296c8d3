import type { Api } from "../api";
import { h, money, table } from "../dom";
import type { CustomerStatement, SettlementRun, StatementPage } from "../types";
import { attempt } from "./notice";

/**
 * A run version's statements, a page at a time, for a manager reviewing a draft before approving it: each customer's
 * total and payout, and one customer's statement explained (devices, events with their baselines, the credit lines).
 */
export function statementsPanel(api: Api, runPath: string, run: SettlementRun): HTMLElement {
  const list = h("div", {});
  const statement = h("div", {});
  const outcome = h("div", {});
  const version = `version=${run.version}`;

  const showPage = (page: number): Promise<void> =>
    attempt(outcome, async () => {
      const found = await api.get<StatementPage>(`${runPath}/statements?${version}&page=${page}`);
      list.replaceChildren(
        table(
          ["Customer", "Total", "Devices", "Events", "Payout", "Payout state"],
          found.statements.map((s) => [customerLink(s.customerId), money(s.total), s.devices, s.events, `${money(s.payout.amount)} (${s.payout.disposition})`, s.payout.state]),
          "statements",
        ),
        h(
          "div",
          { class: "controls" },
          h("button", { disabled: found.page === 0, onclick: () => void showPage(found.page - 1) }, "Previous"),
          h("span", { "data-testid": "statements-page" }, `page ${found.page + 1} of ${found.pages}`),
          h("button", { disabled: found.page + 1 >= found.pages, onclick: () => void showPage(found.page + 1) }, "Next"),
        ),
      );
    });

  const showStatement = (customerId: string): Promise<void> =>
    attempt(outcome, async () => {
      const s = await api.get<CustomerStatement>(`${runPath}/statements/${encodeURIComponent(customerId)}?${version}`);
      statement.replaceChildren(
        h("h4", { "data-testid": "statement-of" }, `${s.customerId}: ${money(s.total)}`),
        ...s.devices.flatMap((d) => [
          h("p", {}, `${d.deviceId}: committed ${d.committedKw} kW (${d.commitmentBasis}), performance factor ${d.performanceFactor ?? "—"}`),
          table(
            ["Event", "Day", "Baseline method", "Baseline kWh", "Actual kWh", "Delivered kWh", "Excluded"],
            d.events.map((e) => [e.eventId, e.localDate, `${e.method ?? "—"}${e.fallbackReason ? ` (${e.fallbackReason})` : ""}`, e.baselineKwh.toFixed(2), e.actualKwh.toFixed(2), e.deliveredKwh.toFixed(2), e.optedOut ? "opted out" : (e.excludedReason ?? "")]),
            "statement-events",
          ),
          table(
            ["Line", "Quantity", "Rate", "Amount"],
            d.lines.map((l) => [l.description, `${l.quantity} ${l.unit}`, l.rate === null ? "" : `$${l.rate}`, money(l.amount)]),
            "statement-lines",
          ),
        ]),
      );
    });

  function customerLink(customerId: string): HTMLElement {
    return h("button", { class: "link", onclick: () => void showStatement(customerId) }, customerId);
  }

  const panel = h("details", { "data-testid": "statements-panel" }, h("summary", {}, "Statements"), outcome, list, statement);
  panel.addEventListener("toggle", () => {
    if (panel.open && list.childElementCount === 0) {
      void showPage(0);
    }
  });
  return panel;
}
