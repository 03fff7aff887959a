/* The upload form: refuse files above the size limit before sending them, and
   show that the analysis is running. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("files");
  var alertBox = document.getElementById("size-alert");
  var max = parseInt(form.getAttribute("data-max-bytes"), 10);

  function total() {
    var sum = 0;
    for (var i = 0; i < input.files.length; i++) { sum += input.files[i].size; }
    return sum;
  }

  function check() {
    var size = total();
    if (max && size > max) {
      alertBox.textContent = form.getAttribute("data-too-large").replace("{size}", (size / 1048576).toFixed(1));
      alertBox.hidden = false;
      return false;
    }
    alertBox.hidden = true;
    return true;
  }

  input.addEventListener("change", check);
  form.addEventListener("submit", function (e) {
    if (!check()) { e.preventDefault(); return; }
    document.getElementById("analyze-button").disabled = true;
    document.getElementById("working").hidden = false;
  });
  // Back from a result page: the button must work again.
  window.addEventListener("pageshow", function () {
    document.getElementById("analyze-button").disabled = false;
    document.getElementById("working").hidden = true;
  });
})();
