// Picking a model file: a file input plus a drop zone that accepts dragged files, both
// handing the chosen File to one callback. Oversized files are refused before reading.
import { FILE_EXTENSION, MAX_FILE_BYTES } from "./bundle.js";

export function fileDrop(onFile: (file: File) => void, doc: Document = document): HTMLElement {
  const zone = doc.createElement("div");
  zone.className = "model-drop";
  zone.dataset.output = "model-drop";
  const label = zone.appendChild(doc.createElement("label"));
  label.append(`导入模型文件（${FILE_EXTENSION}）：`);
  const input = label.appendChild(doc.createElement("input"));
  Object.assign(input, { type: "file", accept: FILE_EXTENSION });
  input.dataset.action = "import";
  zone.append(Object.assign(doc.createElement("span"), { textContent: "　或者把文件拖到这个框里。" }));
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (file) onFile(file);
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (file) onFile(file);
  });
  return zone;
}

/** The file's bytes, or a Chinese reason not to read them. */
export async function readModelFile(file: File): Promise<Uint8Array> {
  if (file.size > MAX_FILE_BYTES) throw new Error(`模型文件无法导入：“${file.name}”有 ${(file.size / 2 ** 20).toFixed(0)} MB，超过上限 ${MAX_FILE_BYTES / 2 ** 20} MB，不像是本书的模型。模型库没有任何改动。`);
  return new Uint8Array(await file.arrayBuffer());
}
