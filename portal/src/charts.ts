// Small SVG charts of one quantity over time: lines, and a shaded band between two series (a forecast's P10–P90).

const svgNs = "http://www.w3.org/2000/svg";
const width = 640;
const height = 160;

export interface Line {
  readonly values: readonly number[];
  readonly css: string;
}

export interface Band {
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly css: string;
}

/** The lines (and band) on one scale from zero (or the lowest value below it) to the highest value. */
export function chart(label: string, lines: readonly Line[], band?: Band): SVGSVGElement {
  const all = [...lines.flatMap((l) => l.values), ...(band ? [...band.low, ...band.high] : [])];
  const top = Math.max(1, ...all);
  const bottom = Math.min(0, ...all);
  const count = Math.max(1, ...lines.map((l) => l.values.length));
  const x = (i: number): number => (count === 1 ? width / 2 : (i / (count - 1)) * width);
  const y = (value: number): number => height - 5 - ((value - bottom) / (top - bottom)) * (height - 10);
  const coordinates = (values: readonly number[]): string[] => values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);

  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  if (band) {
    const polygon = document.createElementNS(svgNs, "polygon");
    // Along the low values, then back along the high ones.
    polygon.setAttribute("points", [...coordinates(band.low), ...coordinates(band.high).reverse()].join(" "));
    polygon.setAttribute("class", band.css);
    svg.append(polygon);
  }
  for (const line of lines) {
    const polyline = document.createElementNS(svgNs, "polyline");
    polyline.setAttribute("points", coordinates(line.values).join(" "));
    polyline.setAttribute("class", line.css);
    svg.append(polyline);
  }
  return svg;
}
