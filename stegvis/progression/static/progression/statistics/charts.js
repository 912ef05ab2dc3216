/* "Skriv ut": print only the progression charts, with their tables open, for the meeting. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print-charts]");
  if (!button) return;
  var tables = Array.prototype.slice.call(document.querySelectorAll(".progression-charts details.data-table"));
  var closed = tables.filter(function (d) { return !d.open; });
  closed.forEach(function (d) { d.open = true; });
  document.body.classList.add("print-charts");
  window.addEventListener("afterprint", function restore() {
    document.body.classList.remove("print-charts");
    closed.forEach(function (d) { d.open = false; });
    window.removeEventListener("afterprint", restore);
  });
  window.print();
});
