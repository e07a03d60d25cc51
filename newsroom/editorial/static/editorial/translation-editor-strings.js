/*
 * wagtail-localize's translation editor (React) writes two strings without gettext: the
 * heading "English to Arabic translation" and the footer's "More actions". The server puts
 * the English text and its translation in the interface language on this script's tag
 * (data-heading-from/-to, data-more-actions-from/-to); this script swaps them as the editor
 * renders. No inline script, no dependency.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var config = script.dataset;
  var swaps = [
    [config.headingFrom, config.headingTo],
    [config.moreActionsFrom, config.moreActionsTo],
  ].filter(function (pair) {
    return pair[0] && pair[1] && pair[0] !== pair[1];
  });
  if (!swaps.length) {
    return;
  }

  function apply() {
    var app = document.querySelector(".js-translation-editor");
    if (!app) {
      return;
    }
    app.querySelectorAll("h3, .w-sr-only").forEach(function (element) {
      var text = element.textContent.trim();
      swaps.forEach(function (pair) {
        if (text === pair[0]) {
          element.textContent = pair[1];
        }
      });
    });
  }

  function start() {
    apply();
    new MutationObserver(apply).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
