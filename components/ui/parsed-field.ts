// A one-line text field whose `value` is what `parse` makes of the text: the parsed result or
// {error}, with the error shown right beside the field (role="alert"). It fires "input" on
// every change, so a page reads it with Framework's view(); the reader's text is never changed.
// Used by 3.1's expression graph and 3.2's receptive-field calculator.

export function parsedField<T extends object>(
  { label, initial, parse, size = 48, name }: { label: string; initial: string; parse: (text: string) => T | { error: string }; size?: number; name: string },
  doc: Document = document
): HTMLElement & { value: T | { error: string } } {
  const form = doc.createElement("form") as unknown as HTMLElement & { value: T | { error: string } };
  form.className = "parsed-field";
  form.dataset.parsedField = name;
  form.addEventListener("submit", (event) => event.preventDefault());
  const caption = form.appendChild(doc.createElement("label"));
  caption.textContent = label;
  const input = caption.appendChild(doc.createElement("input"));
  Object.assign(input, { type: "text", value: initial, size, spellcheck: false });
  input.setAttribute("autocomplete", "off");
  const message = form.appendChild(doc.createElement("span"));
  message.className = "parsed-field-message";
  message.setAttribute("role", "alert");
  const update = () => {
    form.value = parse(input.value);
    const error = "error" in form.value ? (form.value as { error: string }).error : "";
    message.textContent = error;
    input.setAttribute("aria-invalid", String(Boolean(error)));
  };
  // Runs before the event bubbles to the form, where view() reads the value.
  input.addEventListener("input", update);
  update();
  return form;
}
