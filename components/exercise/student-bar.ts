// The line where a student types their name or ID once; every exercise of the book then
// shows that student's own numbers. Bad IDs get a message beside the field.
import type { ProgressStore } from "./store.js";
import { checkStudentId } from "./student.js";

export function studentBar(doc: Document, store: ProgressStore): HTMLElement {
  const bar = doc.createElement("div");
  bar.className = "exercise-student";
  bar.dataset.studentBar = "";
  const current = bar.appendChild(doc.createElement("span"));
  current.dataset.studentCurrent = "";
  const label = bar.appendChild(doc.createElement("label"));
  label.textContent = "姓名或学号：";
  const input = label.appendChild(doc.createElement("input"));
  Object.assign(input, { type: "text", placeholder: "如 王小明 或 2024031", autocomplete: "off" });
  input.dataset.studentInput = "";
  const button = bar.appendChild(doc.createElement("button"));
  Object.assign(button, { type: "button", textContent: "确定" });
  button.dataset.action = "set-student";
  const message = bar.appendChild(doc.createElement("span"));
  message.className = "exercise-student-message";
  message.dataset.studentMessage = "";
  message.setAttribute("role", "alert");

  const show = () => {
    current.textContent = store.student ? `当前学生：${store.student}（题目中的数字按此生成）。` : "当前：访客（所有访客看到同一组数字）。输入姓名或学号后，练习会换成你自己的数字。";
    if (doc.activeElement !== input) input.value = store.student;
  };
  const submit = () => {
    const check = checkStudentId(input.value);
    if (!check.ok) {
      message.textContent = check.message;
      message.dataset.error = "";
      return;
    }
    delete message.dataset.error;
    message.textContent = check.id === store.student ? "" : store.switchStudent(check.id) ?? `已切换到“${check.id}”。`;
    show();
  };
  button.addEventListener("click", submit);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") submit();
  });
  store.subscribe(show);
  show();
  return bar;
}
