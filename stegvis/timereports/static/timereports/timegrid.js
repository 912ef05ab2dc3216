/* The month grid: arrow keys move between cells (left/right at the text's edge, up/down always;
   Enter moves down), and the sums per activity, day and participant follow what is typed. */
(function () {
  var table = document.querySelector("[data-timegrid]");
  if (!table) return;

  function number(text) {
    var value = parseFloat(String(text).replace(",", ".").replace(/\s/g, ""));
    return isNaN(value) ? 0 : value;
  }
  function show(value) {
    return value ? String(Math.round(value * 100) / 100).replace(".", ",") : "";
  }
  function cellOf(input) { return input.closest("td"); }
  function inputAt(row, column) {
    if (!row) return null;
    var cell = row.cells[column];
    return cell ? cell.querySelector("input.timegrid__cell") : null;
  }
  function rows() { return Array.prototype.slice.call(table.querySelectorAll("tr[data-timegrid-row]")); }

  function recount(block) {
    var rowsOfBlock = block.querySelectorAll("tr[data-timegrid-row]");
    var days = [];
    var total = 0;
    rowsOfBlock.forEach(function (row) {
      var sum = 0;
      for (var i = 1; i < row.cells.length - 1; i++) {
        var input = row.cells[i].querySelector("input, .timegrid__value");
        var value = input ? number(input.value !== undefined ? input.value : input.textContent) : 0;
        days[i] = (days[i] || 0) + value;
        sum += value;
      }
      row.querySelector("[data-timegrid-row-total]").textContent = show(sum) || "0";
      total += sum;
    });
    var dayCells = block.querySelectorAll("[data-timegrid-day-total]");
    dayCells.forEach(function (cell, i) { cell.textContent = show(days[i + 1]); });
    var totalCell = block.querySelector("[data-timegrid-total]");
    if (totalCell) totalCell.innerHTML = "<strong>" + (show(total) || "0") + "</strong>";
  }

  table.addEventListener("input", function (event) {
    var block = event.target.closest("[data-timegrid-block]");
    if (block) recount(block);
  });

  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches("input.timegrid__cell")) return;
    var cell = cellOf(input);
    var row = cell.parentElement;
    var column = cell.cellIndex;
    var target = null;
    var all = rows();
    var index = all.indexOf(row);
    if (event.key === "ArrowUp") {
      for (var up = index - 1; up >= 0 && !target; up--) target = inputAt(all[up], column);
    } else if (event.key === "ArrowDown" || event.key === "Enter") {
      for (var down = index + 1; down < all.length && !target; down++) target = inputAt(all[down], column);
    } else if (event.key === "ArrowLeft" && input.selectionStart === 0 && input.selectionEnd === 0) {
      for (var left = column - 1; left > 0 && !target; left--) target = inputAt(row, left);
    } else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) {
      for (var right = column + 1; right < row.cells.length && !target; right++) target = inputAt(row, right);
    } else {
      return;
    }
    event.preventDefault();
    if (target) { target.focus(); target.select(); }
  });
})();
