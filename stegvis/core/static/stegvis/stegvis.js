/* Behaviour every page may use, wired by data attributes (the Content-Security-Policy allows no
   inline handlers; docs/security.md):
   - data-print-page: a button that prints the page (the print stylesheet hides menus and forms);
   - data-select-on-focus: a field whose whole text is selected when it gets focus (for copying);
   - data-busy="Text": long work. On a form, its submit button shows the text and cannot be
     pressed again until the answer comes; on a download link, the file is fetched while the link
     shows the text, then saved, so a second click cannot start the work twice.
   And on every page: when a form came back with errors, focus moves to the error summary, so
   keyboard and screen-reader users start at what to fix (WCAG 3.3.1, 2.4.3); a table too wide
   for the window becomes a focusable region (below). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) window.print();
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});

document.documentElement.classList.add("js");

// "Meny" opens and closes the main menu on a narrow screen (hidden there until asked for).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".nav-toggle");
  if (!toggle) return;
  var menu = document.getElementById(toggle.getAttribute("aria-controls"));
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  menu.classList.toggle("is-open", open);
  if (open) { var first = menu.querySelector("a"); if (first) first.focus(); }
});

(function () {
  var summary = document.querySelector(".error-summary");
  if (!summary) return;
  if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
  summary.focus();
})();

/* A wide table scrolls sideways in its .table-wrap. While it does (a narrow window, a long
   table), the wrapper is a named region in the tab order, so keyboard users can scroll it too
   (WCAG 2.1.1; axe: scrollable-region-focusable); when everything fits, it is not a tab stop.
   The name is the table's caption, else the heading of its section, else the page's word for a
   table (data-table-label on <body>, translated like every other text). */
function stegvisTableRegions() {
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.dataset.regionFixed === undefined) {
      wrap.dataset.regionFixed = wrap.hasAttribute("tabindex") ? "yes" : "no";
    }
    if (wrap.dataset.regionFixed === "yes") return;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      if (wrap.hasAttribute("tabindex")) return;
      var caption = wrap.querySelector("caption");
      var section = wrap.closest("section, .panel");
      var heading = section && section.querySelector("h2, h3");
      var name = (caption && caption.textContent.trim()) || (heading && heading.textContent.trim())
        || document.body.dataset.tableLabel || "";
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (name) wrap.setAttribute("aria-label", name);
    } else if (wrap.getAttribute("tabindex") === "0") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}
stegvisTableRegions();
window.addEventListener("load", stegvisTableRegions);
window.addEventListener("resize", stegvisTableRegions);
document.addEventListener("htmx:afterSettle", stegvisTableRegions);
if (window.ResizeObserver) {
  // A table that grows after the page has loaded (a script fills it in) is noticed too.
  var stegvisTableWatch = new ResizeObserver(stegvisTableRegions);
  document.querySelectorAll(".table-wrap > table").forEach(function (table) { stegvisTableWatch.observe(table); });
}

function stegvisBusy(element, text) {
  element.dataset.idleText = element.textContent;
  element.textContent = text;
  element.setAttribute("aria-disabled", "true");
  element.classList.add("is-busy");
}

function stegvisIdle(element) {
  if (element.dataset.idleText === undefined) return;
  element.textContent = element.dataset.idleText;
  delete element.dataset.idleText;
  element.removeAttribute("aria-disabled");
  element.classList.remove("is-busy");
  if (element.tagName === "BUTTON") element.disabled = false;
}

document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-busy]");
  if (!form) return;
  if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
  form.setAttribute("aria-busy", "true");
  var button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
  if (!button) return;
  stegvisBusy(button, form.dataset.busy);
  // Disabled after the submit has taken the button's name and value along.
  window.setTimeout(function () { button.disabled = true; }, 0);
});

document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-busy]");
  if (!link || !window.fetch || !window.URL || !URL.createObjectURL) return;
  event.preventDefault();
  if (link.classList.contains("is-busy")) return;
  stegvisBusy(link, link.dataset.busy);
  fetch(link.href, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) { window.location.href = link.href; return null; }  // the error page explains
    var disposition = response.headers.get("Content-Disposition") || "";
    var name = /filename="?([^";]+)"?/.exec(disposition);
    return response.blob().then(function (blob) {
      var url = URL.createObjectURL(blob);
      var save = document.createElement("a");
      save.href = url;
      save.download = name ? name[1] : "";
      document.body.appendChild(save);
      save.click();
      save.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }).catch(function () {
    window.location.href = link.href;
  }).then(function () {
    stegvisIdle(link);
  });
});

// Back to a page from the browser's cache: whatever was busy when the page was left is idle again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[aria-busy=true]").forEach(function (form) { form.removeAttribute("aria-busy"); });
  document.querySelectorAll(".is-busy").forEach(stegvisIdle);
});

/* Folded histories (details.collapsed-list) are printed whole, and folded again afterwards. */
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details.collapsed-list:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
