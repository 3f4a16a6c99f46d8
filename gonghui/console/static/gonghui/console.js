/* Gonghui console: small behaviours (the CSP forbids inline scripts and event handlers).
 * Loaded in <head> without "defer" so that the "js" class is set before the page is painted. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function onReady(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  onReady(function () {
    // Phone layout: the menu button folds the sidebar in and out.
    var toggle = document.querySelector(".nav-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = document.body.classList.toggle("nav-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }

    // Tree navigator: the toggle shows or hides the children list; htmx loads it on the first click.
    var treeToggle = target.closest(".tree-toggle");
    if (treeToggle) {
      var list = document.getElementById(treeToggle.getAttribute("aria-controls"));
      var expanded = treeToggle.getAttribute("aria-expanded") === "true";
      treeToggle.setAttribute("aria-expanded", expanded ? "false" : "true");
      if (list) {
        list.hidden = expanded;
      }
      return;
    }

    // <button data-confirm="..."> asks before submitting its form (htmx requests use hx-confirm).
    var confirmable = target.closest("[data-confirm]");
    if (confirmable && !confirmable.hasAttribute("hx-confirm")) {
      if (!window.confirm(confirmable.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  });

  // A children list that failed to load says so instead of spinning forever.
  document.addEventListener("htmx:responseError", function (event) {
    var elt = event.detail && event.detail.target;
    if (elt && elt.classList && elt.classList.contains("tree-children")) {
      var li = document.createElement("li");
      li.className = "tree-error";
      li.textContent = elt.getAttribute("data-error") || "";
      elt.replaceChildren(li);
    }
  });
})();
