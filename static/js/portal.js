// Co-authors are chosen, not guessed: typing a name offers "姓名（单位）" of the correspondents who bear
// it; the field keeps the names already chosen before the last "、". Without JavaScript the field
// takes the same text typed by hand.
(function () {
  const input = document.querySelector("input[data-people-suggest]");
  if (!input) return;
  const list = document.createElement("datalist");
  list.id = input.getAttribute("list");
  input.after(list);
  let timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const parts = input.value.split(/[、，,]/);
    const typed = parts.pop().trim();
    const before = parts.map((part) => part.trim()).filter(Boolean);
    if (!typed || /[（(]/.test(typed)) return;
    timer = setTimeout(function () {
      fetch(input.dataset.peopleSuggest + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then((response) => response.json())
        .then(function (data) {
          list.replaceChildren(...data.results.map(function (label) {
            const option = document.createElement("option");
            option.value = before.concat([label]).join("、");
            option.label = label;
            return option;
          }));
        });
    }, 150);
  });
})();
