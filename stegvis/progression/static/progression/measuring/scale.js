/* Number keys in the answer form: inside a question's radio group, typing a digit chooses that
   step (0 means 10), "v" chooses "vet inte"; focus then moves to the next question. Arrow keys and
   Tab work as in any radio group, without this script. */
(function () {
  "use strict";
  function groups() { return Array.prototype.slice.call(document.querySelectorAll("fieldset.scale")); }
  function focusGroup(group) {
    if (!group) return;
    var target = group.querySelector("input[type=radio]:checked") || group.querySelector("input[type=radio]");
    if (target) target.focus();
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input || input.type !== "radio" || event.altKey || event.ctrlKey || event.metaKey) return;
    var group = input.closest("fieldset.scale");
    if (!group) return;
    var value = null;
    if (/^[0-9]$/.test(event.key)) value = event.key === "0" ? "10" : event.key;
    else if (event.key === "v" || event.key === "V") value = "vet-inte";
    if (value === null) return;
    var radio = group.querySelector('input[type=radio][value="' + value + '"]');
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    var all = groups();
    focusGroup(all[all.indexOf(group) + 1]);
  });
})();
