// Type-ahead for finding a contribution: suggestions from the server as the editor types.
// Without JavaScript the same field is a plain search form.
(function () {
  const input = document.querySelector("input[data-suggest]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  let latest = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const query = input.value.trim();
    const picked = Array.from(list.options).find((option) => option.value === input.value);
    if (picked) {
      window.location.search = "?contribution=" + picked.dataset.id;
      return;
    }
    if (query.length < 2) return;
    timer = setTimeout(function () {
      latest = query;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then((response) => response.json())
        .then(function (data) {
          if (latest !== query) return;
          list.replaceChildren(...data.results.map(function (item) {
            const option = document.createElement("option");
            option.value = item.title;
            option.label = item.unit + " · " + item.authors + " · " + item.state;
            option.dataset.id = item.id;
            return option;
          }));
        });
    }, 200);
  });
})();

// Enter on a dropdown saves the placement form only when that dropdown was chosen deliberately on
// this page (arrow keys or a click changed it): the fast path stays three keystrokes (find the
// piece, arrow to the outlet, Enter), and Enter on an untouched dropdown never saves a half-filled form.
// (A dropdown changed before this script ran counts too: its value differs from the page's own.)
document.querySelectorAll("form.form-grid select").forEach(function (select) {
  const initial = Array.from(select.options).find((option) => option.defaultSelected);
  select.addEventListener("change", function () {
    select.dataset.chosen = "1";
  });
  select.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const changed = select.value !== (initial ? initial.value : select.options[0] && select.options[0].value);
    if (select.dataset.chosen === "1" || changed) select.form.requestSubmit();
  });
});

// The column dropdown offers only the chosen outlet's columns (without JavaScript it lists them all,
// each named with its outlet).
document.querySelectorAll("select[data-columns-of]").forEach(function (columns) {
  const outlet = document.getElementById(columns.dataset.columnsOf);
  if (!outlet) return;
  function offer() {
    columns.querySelectorAll("option[data-outlet]").forEach(function (option) {
      const ours = option.dataset.outlet === outlet.value;
      option.hidden = !ours;
      option.disabled = !ours;
      if (!ours && option.selected) columns.value = "";
    });
    columns.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }
  outlet.addEventListener("change", offer);
  offer();
});
