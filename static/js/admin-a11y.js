/* Names for what the scripts of Django's admin (5.2) build without one (docs/accessibility.md,
 * "The back office"). Django's scripts create these elements at runtime, so the names are
 * added here, after them, and again whenever they build new ones (an inline row added,
 * select2 drawing its box):
 * - filter_horizontal (SelectFilter2.js): the field's label names the whole widget (its
 *   `for` points to a list the script renamed); the filter fields are labelled in words, not
 *   by an aria-label on an empty <span> (axe aria-prohibited-attr, IBM label_content_exists);
 *   the arrow buttons keep their words in a visually hidden span, not pushed out of the box.
 * - autocomplete (select2): the combobox is named by the field's label (axe
 *   aria-input-field-name); a click on the label focuses it, as for any other field.
 * - date and time (DateTimeShortcuts.js): the calendar and clock links have words.
 * - the navigation sidebar: aria-expanded belongs to its toggle button, not to the <nav>.
 * - a row added to an inline: its aria references are numbered like its ids.
 */
(function () {
  "use strict";

  function hiddenText(text) {
    var span = document.createElement("span");
    span.className = "visually-hidden";
    span.textContent = text;
    return span;
  }

  function fieldLabel(id) {
    return document.querySelector('label[for="' + id + '"]') || document.getElementById(id + "_label");
  }

  // The field's label names a group of elements: it gets an id and loses its `for`.
  function labelAsName(label, id) {
    if (!label) { return null; }
    label.id = id + "_label";
    label.removeAttribute("for");
    return label.id;
  }

  function selectFilters(root) {
    root.querySelectorAll(".selector:not([data-a11y])").forEach(function (selector) {
      var available = selector.querySelector("select[id$='_from']");
      if (!available) { return; }
      selector.setAttribute("data-a11y", "");
      var fieldId = available.id.replace(/_from$/, "");
      var labelId = labelAsName(fieldLabel(fieldId), fieldId);
      if (labelId) {
        selector.setAttribute("role", "group");
        selector.setAttribute("aria-labelledby", labelId);
      }
      selector.querySelectorAll(".selector-filter label .search-label-icon[aria-label]").forEach(function (icon) {
        // first in the label, where it takes no room in the 16 px wide icon box
        icon.parentNode.insertBefore(hiddenText(icon.getAttribute("aria-label")), icon);
        icon.removeAttribute("aria-label");
      });
      selector.querySelectorAll(".selector-chooser button").forEach(function (button) {
        var text = button.textContent;
        button.textContent = "";
        button.appendChild(hiddenText(text));
      });
    });
  }

  function autocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) { return; }
      var combobox = container.querySelector("[role=combobox]");
      if (!combobox || combobox.hasAttribute("data-a11y")) { return; }
      combobox.setAttribute("data-a11y", "");
      var rendered = container.querySelector(".select2-selection__rendered");
      var label = fieldLabel(select.id);
      var labelId = labelAsName(label, select.id);
      if (labelId) {
        combobox.setAttribute("aria-labelledby", labelId + (rendered && rendered.id ? " " + rendered.id : ""));
        label.addEventListener("click", function () { combobox.focus(); });
      }
      if (rendered) {
        // a read-only text box inside the combobox says nothing the combobox does not
        rendered.removeAttribute("role");
        rendered.removeAttribute("aria-readonly");
      }
    });
  }

  function dateShortcuts(root) {
    root.querySelectorAll(".datetimeshortcuts a:not([data-a11y])").forEach(function (link) {
      link.setAttribute("data-a11y", "");
      var icon = link.querySelector("[title]");
      if (icon && !link.textContent.trim()) {
        link.appendChild(hiddenText(icon.getAttribute("title")));
      }
    });
  }

  function sidebar() {
    var toggle = document.getElementById("toggle-nav-sidebar");
    var nav = document.getElementById("nav-sidebar");
    if (!toggle || !nav) { return; }
    function move() {
      if (nav.hasAttribute("aria-expanded")) {
        toggle.setAttribute("aria-expanded", nav.getAttribute("aria-expanded"));
        nav.removeAttribute("aria-expanded");
      }
    }
    toggle.setAttribute("aria-controls", "nav-sidebar");
    toggle.addEventListener("click", move);
    move();
  }

  // A row added to an inline: inlines.js numbers its id, for and name attributes, but not
  // the references of aria-labelledby and aria-describedby; number them as well.
  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var match = row && row.id ? row.id.match(/-(\d+)$/) : null;
    if (!match) { return; }
    row.querySelectorAll("[aria-labelledby*='__prefix__'], [aria-describedby*='__prefix__']").forEach(function (el) {
      ["aria-labelledby", "aria-describedby"].forEach(function (name) {
        var value = el.getAttribute(name);
        if (value) { el.setAttribute(name, value.split("__prefix__").join(match[1])); }
      });
    });
  });

  function all() {
    selectFilters(document);
    autocompletes(document);
    dateShortcuts(document);
  }

  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    Promise.resolve().then(function () { scheduled = false; all(); });
  }).observe(document.documentElement, {childList: true, subtree: true});

  document.addEventListener("DOMContentLoaded", function () { sidebar(); all(); });
  window.addEventListener("load", all);
})();
