import { chart } from "../charts";
import { h, kw, localTime, table, utcTime } from "../dom";
import type { Fleet, Forecast, ForecastInterval } from "../types";
import { errorNotice } from "./notice";
import { every, type View } from "./view";

const refreshMs = 10_000;
const forecastRefreshMs = 300_000;

/**
 * The fleet now (devices online, power, flexibility up and down, by device type; refreshed every ten seconds) and the
 * homes' load forecast for the next two days (refreshed every five minutes; the forecast itself runs hourly).
 */
export const fleetView: View = async ({ api, programPath, leaving }, container) => {
  const now = h("section", {});
  const ahead = h("section", {});
  container.replaceChildren(now, ahead);
  const render = async (): Promise<void> => {
    try {
      const fleet = await api.get<Fleet>(`${programPath}/fleet`);
      now.replaceChildren(
        h("h2", {}, "Fleet"),
        h("p", { class: "muted" }, `as of ${utcTime(fleet.asOf)}`),
        h(
          "div",
          { class: "tiles" },
          tile("Devices online", `${fleet.onlineCount} / ${fleet.deviceCount}`, "online"),
          tile("Fleet power", kw(fleet.totalPowerKw), "power"),
          tile("Can shed now", kw(fleet.flexibility.upKw), "shed"),
          tile("Can absorb now", kw(fleet.flexibility.downKw), "absorb"),
          tile("Opted out", String(fleet.optedOutCount), "opted-out"),
        ),
        table(
          ["Type", "Online", "Offline", "Never reported", "Power", "Can shed", "Can absorb", "Opted out"],
          Object.entries(fleet.byType).map(([type, s]) => [type, s.online, s.offline, s.neverReported, kw(s.powerKw), kw(s.flexibility.upKw), kw(s.flexibility.downKw), s.optedOut]),
          "fleet-by-type",
        ),
      );
    } catch (error) {
      now.replaceChildren(h("h2", {}, "Fleet"), errorNotice(error));
    }
  };

  const renderForecast = async (): Promise<void> => {
    try {
      const { intervals } = await api.get<Forecast>(`${programPath}/forecast`);
      ahead.replaceChildren(h("h2", {}, "Load forecast, next 48 hours"), ...forecast(intervals));
    } catch (error) {
      ahead.replaceChildren(h("h2", {}, "Load forecast"), errorNotice(error));
    }
  };

  await Promise.all([render(), renderForecast()]);
  every(refreshMs, leaving, () => void render());
  every(forecastRefreshMs, leaving, () => void renderForecast());
};

function forecast(intervals: ForecastInterval[]): Element[] {
  if (intervals.length === 0) {
    return [h("p", { class: "muted", "data-testid": "no-forecast" }, "No forecast yet: the hourly forecast runs once the fleet has an hour of history.")];
  }
  const peak = intervals.reduce((highest, i) => (i.loadKw.p50 > highest.loadKw.p50 ? i : highest));
  const solar = intervals.some((i) => i.solarKw !== null) ? [{ values: intervals.map((i) => i.solarKw?.p50 ?? 0), css: "solar" }] : [];
  return [
    h("p", { "data-testid": "forecast-peak" }, `Peak (P50) ${kw(peak.loadKw.p50)} at ${localTime(peak.localStart)} program time; P90 ${kw(peak.loadKw.p90)}.`),
    chart(
      "Homes' load forecast: P50 (line) within P10–P90 (band), and rooftop solar P50, hour by hour",
      [{ values: intervals.map((i) => i.loadKw.p50), css: "load" }, ...solar],
      { low: intervals.map((i) => i.loadKw.p10), high: intervals.map((i) => i.loadKw.p90), css: "band" },
    ),
    h("p", { class: "muted" }, `From ${localTime(intervals[0]!.localStart)} · model ${intervals[0]!.modelVersion}`),
  ];
}

function tile(label: string, value: string, testId: string): HTMLElement {
  return h("div", { class: "tile" }, h("span", { class: "label" }, label), h("strong", { "data-testid": `tile-${testId}` }, value));
}
