/*
 * Progress of a translation sync job: polls the job's JSON endpoint (data-progress-url) every
 * second, updates the counters and the progress bar, and reloads the page once the job has
 * finished so the full result shows. Static file: no inline script.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-editorial-job]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var status = box.getAttribute("data-status");
  if (!url || status === "done" || status === "failed") {
    return;
  }
  var bar = box.querySelector("[data-job-progress]");

  function update(data) {
    Object.keys(data).forEach(function (name) {
      box.querySelectorAll('[data-job-field="' + name + '"]').forEach(function (field) {
        field.textContent = data[name] === null ? "…" : String(data[name]);
      });
    });
    if (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
    }
    box.setAttribute("data-status", data.status);
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
        update(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
