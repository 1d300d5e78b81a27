// Behaviour every page may use; no inline scripts anywhere (the Content-Security-Policy forbids them).

// A button with data-confirm asks before it submits. Confirmed, it sends its value under
// data-confirmed-name (or its own name), so the server knows the question was answered; without
// JavaScript the server asks on the page instead.
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-confirm]");
  if (!button || !button.form) return;
  event.preventDefault();
  if (!window.confirm(button.dataset.confirm)) return;
  const answer = document.createElement("input");
  answer.type = "hidden";
  answer.name = button.dataset.confirmedName || button.name;
  answer.value = button.value;
  button.form.appendChild(answer);
  // No validation: what was typed is saved as far as it can be. (The prototype's submit, because a
  // form's own "submit" may be a button of that name.)
  HTMLFormElement.prototype.submit.call(button.form);
});

// A form with data-confirm-field asks once before it submits, and records the answer in that field.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const field = form.dataset.confirmField && form.elements[form.dataset.confirmField];
  if (!field || field.type !== "hidden" || field.value) return;
  if (window.confirm(form.dataset.confirm)) {
    field.value = "1";
  } else {
    event.preventDefault();
  }
});

// A form with data-submit-on-change goes as soon as one of its dropdowns changes (its button stays
// for keyboards and for browsers without JavaScript).
document.addEventListener("change", function (event) {
  const form = event.target.form;
  if (form && form.hasAttribute("data-submit-on-change") && event.target.tagName === "SELECT") form.submit();
});

// 全选 / 全不选 of a group of checkboxes (a county with its townships): shown only where they work.
document.querySelectorAll(".group-actions[hidden]").forEach(function (actions) { actions.hidden = false; });
document.addEventListener("click", function (event) {
  const button = event.target.closest("button[data-check]");
  if (!button) return;
  const group = button.closest("fieldset");
  group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = button.dataset.check === "all"; });
});

// A refused form's summary of its errors is what the page is about: bring it into view and focus it.
(function () {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();

// The phone's menu button folds the top bar's menu away and opens it again.
document.addEventListener("click", function (event) {
  const button = event.target.closest(".menu-button");
  if (!button) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  button.closest(".topbar").classList.toggle("open", open);
});

// One group of the desk's menu open at a time; a click elsewhere or Escape closes it.
document.addEventListener("toggle", function (event) {
  const group = event.target;
  if (!group.classList || !group.classList.contains("nav-group") || !group.open) return;
  document.querySelectorAll("details.nav-group[open]").forEach(function (other) { if (other !== group) other.open = false; });
}, true);
document.addEventListener("click", function (event) {
  if (event.target.closest("details.nav-group")) return;
  document.querySelectorAll("details.nav-group[open]").forEach(function (group) { group.open = false; });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
    group.open = false;
    group.querySelector("summary").focus();
  });
});
