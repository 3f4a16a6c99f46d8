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

  document.addEventListener("DOMContentLoaded", function () {
    fromStatus(document);
  });

  document.addEventListener("htmx:afterSettle", function () {
    fromStatus(document);
  });
})();
