/* "Skriv ut": print the page (the print stylesheet hides menus, forms and buttons). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) window.print();
});
