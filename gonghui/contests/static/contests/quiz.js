// The quiz page's countdown. The deadline is the server's: this only shows the seconds left and hands the paper in
// when they run out; a paper that arrives late is refused by the server whatever this script does.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("quiz-timer");
    var clock = document.getElementById("quiz-clock");
    var form = document.getElementById("quiz-paper");
    if (!box || !clock || !form) return;
    var end = Date.now() + parseInt(box.getAttribute("data-seconds-left") || "0", 10) * 1000;
    var sent = false;
    form.addEventListener("submit", function () { sent = true; });
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      if (left <= 0) {
        if (!sent) { sent = true; form.submit(); }
        return;
      }
      window.setTimeout(tick, 500);
    }
    tick();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
