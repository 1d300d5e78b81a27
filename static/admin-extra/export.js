// The export page's "全选" box, wired here: the site's CSP refuses inline onchange handlers.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".select-toggle").forEach(function (toggle) {
    if (typeof onSelectToggleChange === "function") toggle.addEventListener("change", onSelectToggleChange);
  });
});
