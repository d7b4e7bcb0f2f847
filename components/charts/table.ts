// A plain HTML table from rows of values: for small results in cells (gradient checks,
// comparisons), readable by screen readers and copyable.

export function table(rows: Record<string, unknown>[], { caption = "", output = "" } = {}, doc: Document = document): HTMLTableElement {
  const element = doc.createElement("table");
  if (output) element.dataset.output = output;
  if (caption) element.createCaption().textContent = caption;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const head = element.createTHead().insertRow();
  for (const column of columns) head.appendChild(doc.createElement("th")).textContent = column;
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const column of columns) tr.insertCell().textContent = format(row[column]);
  }
  return element;
}

function format(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(2) : value.toPrecision(4);
  if (Array.isArray(value)) return JSON.stringify(value);
  return value === undefined ? "" : String(value);
}
