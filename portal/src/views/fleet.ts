import { h, kw, table, utcTime } from "../dom";
import type { Fleet } from "../types";
import { errorNotice } from "./notice";
import type { View } from "./view";

const refreshMs = 10_000;

/** The fleet now: devices online, power, flexibility up and down, by device type; refreshed every ten seconds. */
export const fleetView: View = async ({ api, programId, leaving }, container) => {
  const render = async (): Promise<void> => {
    try {
      const fleet = await api.get<Fleet>(`programs/${encodeURIComponent(programId)}/fleet`);
      container.replaceChildren(
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
      container.replaceChildren(h("h2", {}, "Fleet"), errorNotice(error));
    }
  };

  await render();
  const timer = setInterval(() => void render(), refreshMs);
  leaving.addEventListener("abort", () => clearInterval(timer));
};

function tile(label: string, value: string, testId: string): HTMLElement {
  return h("div", { class: "tile" }, h("span", { class: "label" }, label), h("strong", { "data-testid": `tile-${testId}` }, value));
}
