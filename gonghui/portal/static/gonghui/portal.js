/* Gonghui member portal: the resend countdown of the SMS code button (no inline scripts: CSP). */
(function () {
  "use strict";

  var timer = null;

  function startCountdown(seconds) {
    var button = document.getElementById("send-code");
    if (!button || !(seconds > 0)) {
      return;
    }
    var label = button.getAttribute("data-label") || button.textContent;
    var wait = button.getAttribute("data-wait") || "{s}";
    var left = seconds;
    if (timer) {
      window.clearInterval(timer);
    }
    button.disabled = true;
    button.textContent = wait.replace("{s}", String(left));
    timer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        window.clearInterval(timer);
        timer = null;
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = wait.replace("{s}", String(left));
    }, 1000);
  }

  function fromStatus(root) {
    var status = (root || document).querySelector("#sms-status[data-countdown]");
    if (status) {
      startCountdown(parseInt(status.getAttribute("data-countdown"), 10));
      var code = document.getElementById("id_code");
      if (code && !status.querySelector(".p-error")) {
        code.focus();
      }
    }
  }

  // The join form: only the section of the chosen employment mode is shown (employer search, or gig details).
  function showJoinSection() {
    var chosen = document.querySelector("input[data-join-mode]:checked");
    var sections = document.querySelectorAll("[data-join-section]");
    for (var i = 0; i < sections.length; i += 1) {
      sections[i].hidden = !!chosen && sections[i].getAttribute("data-join-section") !== chosen.value;
    }
  }

  // A destructive action asks first: <form data-confirm="..."> or <button data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var text = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute("data-join-mode")) {
      showJoinSection();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    fromStatus(document);
    showJoinSection();
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    fromStatus(document);
  });
})();
