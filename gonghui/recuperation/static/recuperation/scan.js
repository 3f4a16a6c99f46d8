// Check-in desk: scan the member card's QR code with the camera (where the browser has BarcodeDetector), or type
// or paste the code into the field (a USB scanner types it and presses Enter). The code goes to the server, which
// verifies it; nothing is decided here.
(function () {
  "use strict";
  var button = document.getElementById("scan-camera");
  var input = document.querySelector("[data-qr-scan]");
  var video = document.getElementById("scan-video");
  if (!button || !input || !video) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    button.hidden = true;
    return;
  }
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.hidden = false;
      video.srcObject = stream;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            video.hidden = true;
            input.value = codes[0].rawValue;
            input.form.submit();
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () { button.hidden = true; });
  });
})();
