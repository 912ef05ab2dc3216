// "Alla närvarande": marks every member present; the coordinator then changes the exceptions.
(function () {
  var button = document.getElementById("all-present");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    document.querySelectorAll('.attendance-table input[type=radio][value="narvarande"]').forEach(function (radio) {
      radio.checked = true;
    });
    var first = document.querySelector('.attendance-table input[type=radio]:checked');
    if (first) first.focus();
  });
})();
