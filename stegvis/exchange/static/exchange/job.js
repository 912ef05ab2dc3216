// The progress page of an import, check or export job: reads the job's status.json every
// second and a half and writes the counts into the page; reloads it when the job is done, so the
// summary and errors show. Without JavaScript the page refreshes itself (a <noscript> refresh).
(function () {
  "use strict";
  var panel = document.querySelector("[data-job-status-url]");
  if (!panel || panel.getAttribute("data-finished") === "1") {
    return;
  }
  var url = panel.getAttribute("data-job-status-url");
  var every = 1500;

  function field(name) {
    return panel.querySelector('[data-job="' + name + '"]');
  }

  function setText(name, value) {
    var element = field(name);
    if (element && value !== undefined && value !== null && element.textContent !== String(value)) {
      element.textContent = String(value);
    }
  }

  function show(data) {
    setText("status_label", data.status_label);
    setText("stage_label", data.stage_label);
    setText("rows_checked", data.rows_checked);
    setText("rows_written", data.rows_written);
    setText("errors", data.errors);
    var bar = field("progress");
    if (bar) {
      if (data.total) {
        bar.max = data.total;
        bar.value = Math.min(data.done, data.total);
      } else {
        bar.removeAttribute("value"); // indeterminate until the stage's size is known
      }
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, every);
        }
      })
      .catch(function () {
        window.setTimeout(poll, every * 4); // the server may be restarting: try again, more slowly
      });
  }

  window.setTimeout(poll, every);
})();
