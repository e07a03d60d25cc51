/*
 * Right-to-left editing of right-to-left content in the Wagtail admin.
 *
 * The server puts the edited content's language on this script's tag (data-content-lang,
 * data-content-dir; for wagtail-localize's translation editor also data-source-lang and
 * data-source-dir). This script then sets `lang` and `dir` on every field that holds text of
 * that language, and keeps doing so as the admin adds fields (new StreamField blocks, rich
 * text editors, the React translation editor switching a segment to editing):
 *
 * - page editor (data-editor="page"): text inputs and textareas of text fields
 *   (`.w-field--char_field`: title, standfirst, block text…, not slugs, dates or URLs) and
 *   every Draftail rich text editor;
 * - translation editor (data-editor="translation"): the translation textareas and the
 *   translated values are in the target language, the source strings in the source language.
 *
 * No inline script, no dependency: the file is served as a static file.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var config = script.dataset;
  var editor = config.editor || "page";
  var lang = config.contentLang;
  var dir = config.contentDir;
  var sourceLang = config.sourceLang;
  var sourceDir = config.sourceDir;
  if (!lang || !dir) {
    return;
  }

  var TEXT_FIELDS = [
    ".w-field--char_field input[type=text]",
    ".w-field--char_field textarea",
    ".w-field--char_field input:not([type])",
  ].join(",");

  function mark(element, language, direction) {
    if (!language || !direction) {
      return;
    }
    if (element.getAttribute("lang") !== language) {
      element.setAttribute("lang", language);
    }
    if (element.getAttribute("dir") !== direction) {
      element.setAttribute("dir", direction);
    }
    element.setAttribute("data-editorial-dir", direction);
  }

  function markRichText(root) {
    root.querySelectorAll("[data-draftail-editor-wrapper], .Draftail-Editor").forEach(function (wrapper) {
      mark(wrapper, lang, dir);
    });
    root.querySelectorAll(".public-DraftEditor-content, .DraftEditor-root [contenteditable=true]").forEach(function (editable) {
      mark(editable, lang, dir);
    });
  }

  function applyPageEditor() {
    var form = document.querySelector("[data-edit-form]") || document.getElementById("page-edit-form");
    if (!form) {
      return;
    }
    form.querySelectorAll(TEXT_FIELDS).forEach(function (field) {
      mark(field, lang, dir);
    });
    markRichText(form);
  }

  function applyTranslationEditor() {
    var app = document.querySelector(".js-translation-editor");
    if (!app) {
      return;
    }
    // While editing a segment: the translation is typed in a textarea.
    app.querySelectorAll("textarea").forEach(function (field) {
      mark(field, lang, dir);
    });
    // A segment: <li> holding the source string (<p>), then the translation (<div> with
    // a <p> or, while editing, a <textarea>), then its actions (<ul>).
    app.querySelectorAll("li").forEach(function (segment) {
      var children = segment.children;
      for (var i = 0; i < children.length; i++) {
        var child = children[i];
        if (child.tagName === "P") {
          mark(child, sourceLang, sourceDir);
        } else if (child.tagName === "DIV" && child.querySelector(":scope > p, :scope > textarea")) {
          mark(child, lang, dir);
        }
      }
    });
    markRichText(app);
  }

  var apply = editor === "translation" ? applyTranslationEditor : applyPageEditor;
  var scheduled = false;

  function schedule() {
    if (scheduled) {
      return;
    }
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      apply();
    });
  }

  function start() {
    apply();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
    document.documentElement.setAttribute("data-editorial-content-dir", dir);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
