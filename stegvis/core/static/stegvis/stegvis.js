/* Behaviour every page may use, wired by data attributes (the Content-Security-Policy allows no
   inline handlers; docs/security.md):
   - data-print-page: a button that prints the page (the print stylesheet hides menus and forms);
   - data-select-on-focus: a field whose whole text is selected when it gets focus (for copying). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) window.print();
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});
