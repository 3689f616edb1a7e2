// Live character count of every textarea with a limit (data-maxlength, set by the form
// renderer, civicportal/templatetags/portal.py). The limit is stated below the box in the
// page itself; this script counts while typing and stops the form from being sent while
// the text is too long. It never shortens the text: pasting more than the limit shows how
// much is too much instead of cutting it off (which a maxlength attribute would do).
(function () {
  "use strict";

  function length(text) {
    return Array.from(text).length; // characters (code points), as the server counts them
  }

  function update(box, hint) {
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    var left = limit - length(box.value);
    var format = new Intl.NumberFormat(document.documentElement.lang || "de");
    var template = left >= 0 ? hint.getAttribute("data-left") : hint.getAttribute("data-over");
    hint.textContent = template.replace("{n}", format.format(Math.abs(left)));
    hint.classList.toggle("portal-charcount--over", left < 0);
    box.setCustomValidity(left < 0 ? hint.textContent : "");
  }

  document.querySelectorAll("textarea[data-maxlength]").forEach(function (box) {
    var hint = document.getElementById(box.id + "_limit");
    if (!hint || !hint.getAttribute("data-left")) {
      return;
    }
    hint.setAttribute("aria-live", "polite");
    box.addEventListener("input", function () {
      update(box, hint);
    });
    if (box.value) {
      update(box, hint);
    }
  });
})();
