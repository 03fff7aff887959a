/* The annotated text: light up every piece of the mark a link points at
   (#m-start-end from the list), and the show/hide toggles of the legend. */
(function () {
  "use strict";
  var text = document.getElementById("text");
  if (!text) { return; }

  function hit() {
    var lit = text.querySelectorAll(".mk.hit");
    for (var i = 0; i < lit.length; i++) { lit[i].classList.remove("hit"); }
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var pieces = text.querySelectorAll('[data-span="' + id.replace(/[^\w-]/g, "") + '"]');
    for (var j = 0; j < pieces.length; j++) { pieces[j].classList.add("hit"); }
    if (pieces.length) { pieces[0].scrollIntoView({block: "center"}); }
  }
  window.addEventListener("hashchange", hit);
  hit();

  var toggles = document.querySelectorAll("#toggles input[data-hide]");
  for (var k = 0; k < toggles.length; k++) {
    toggles[k].addEventListener("change", function (e) {
      text.classList.toggle("hide-" + e.target.getAttribute("data-hide"), !e.target.checked);
    });
  }
})();
