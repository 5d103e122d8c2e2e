/* Signature at the desk: signature_pad (static/vendor/signature_pad, MIT) on a canvas, with
   touch and mouse; the drawing goes into the form's hidden "drawing" field as a PNG data URL.
   Without JavaScript, or for someone who cannot draw, the typed name and checkbox remain. */
(function () {
  "use strict";
  function setUp(block) {
    var canvas = block.querySelector("canvas");
    var field = document.getElementById(block.dataset.field);
    var pad = new window.SignaturePad(canvas, { backgroundColor: "rgb(255,255,255)" });
    function resize() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    }
    window.addEventListener("resize", resize);
    resize();
    block.querySelector("[data-clear]").addEventListener("click", function () {
      pad.clear();
      field.value = "";
    });
    block.closest("form").addEventListener("submit", function () {
      field.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    });
    block.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
})();
