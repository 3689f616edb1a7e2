// Announced form errors (WCAG 3.3.1, 4.1.3): a page that comes back with a form's errors
// shows the error summary at the top of the form (templates/forms/div.html, links to the
// fields). This moves the focus to the first summary, so a screen reader reads it and the
// keyboard starts there, and makes sure the page title starts with „Fehler:“ (the server
// already does so for a view's `form`; other forms get it here).
(function () {
  "use strict";

  var summary = document.querySelector(".portal-error-summary");
  if (!summary) {
    return;
  }
  var prefix = document.documentElement.getAttribute("data-error-prefix") || "Fehler:";
  if (document.title.indexOf(prefix) !== 0) {
    document.title = prefix + " " + document.title;
  }
  summary.focus();
})();
