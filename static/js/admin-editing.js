/* Back-office editing comfort (civicportal/back_office.py):
 * - Markdown preview: the portal renders the text as the public page would show it.
 * - Session expiry: a warning five minutes before the staff session ends, with a button
 *   that keeps it; after it ended, a notice that nothing typed is lost.
 * - Resume: what is typed into a change form is kept in this tab (sessionStorage) and
 *   offered again when the form is opened after signing in anew. Files are not kept.
 */
(function () {
  "use strict";
  var config = document.getElementById("admin-editing-config");
  var texts = config ? JSON.parse(config.textContent) : {};

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) { return input.value; }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // --- Markdown preview ---------------------------------------------------------------
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".markdown-preview-button");
    if (!button) { return; }
    var field = button.closest(".markdown-field");
    var textarea = field.querySelector("textarea");
    var output = field.querySelector(".markdown-preview");
    var body = new URLSearchParams();
    body.set("text", textarea.value);
    fetch(field.dataset.previewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded"},
      body: body.toString()
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      output.innerHTML = html || "<p>" + (texts.empty || "") + "</p>";
      output.hidden = false;
    }).catch(function () {
      output.textContent = texts.previewFailed || "";
      output.hidden = false;
    });
  });

  // --- keep what is typed (resume after an expired session) ---------------------------------
  var form = document.querySelector("#content-main form[method=post]");
  var key = "admin-draft:" + location.pathname;
  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "password" || el.name === "csrfmiddlewaretoken") { return; }
      if ((el.type === "checkbox" || el.type === "radio")) {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
        else if (!(el.name in data)) { data[el.name] = data[el.name] || []; }
      } else if (el.tagName === "SELECT" && el.multiple) {
        data[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
      } else {
        data[el.name] = [el.value];
      }
    });
    return data;
  }
  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.type === "file" || el.name === "csrfmiddlewaretoken") { return; }
      var values = data[el.name];
      if (el.type === "checkbox" || el.type === "radio") { el.checked = values.indexOf(el.value) !== -1; }
      else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) !== -1; });
      } else { el.value = values[0]; }
    });
  }
  if (form && window.sessionStorage) {
    var stored = null;
    try { stored = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && JSON.stringify(stored.data) !== JSON.stringify(snapshot())) {
      var notice = document.createElement("div");
      notice.className = "resume-notice";
      notice.setAttribute("role", "alert");
      notice.innerHTML = "<p></p><button type='button' class='button default'></button> <button type='button' class='button'></button>";
      notice.querySelector("p").textContent = (texts.resume || "").replace("%(time)s", stored.time);
      var buttons = notice.querySelectorAll("button");
      buttons[0].textContent = texts.resumeYes || "OK";
      buttons[1].textContent = texts.resumeNo || "No";
      buttons[0].addEventListener("click", function () { restore(stored.data); notice.remove(); form.querySelector("input:not([type=hidden]),textarea,select").focus(); });
      buttons[1].addEventListener("click", function () { sessionStorage.removeItem(key); notice.remove(); });
      form.parentNode.insertBefore(notice, form);
    } else if (stored) {
      sessionStorage.removeItem(key);  // saved: the form shows what was typed
    }
    var save = function () {
      var now = new Date();
      var time = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
      try { sessionStorage.setItem(key, JSON.stringify({time: time, data: snapshot()})); } catch (e) { /* full */ }
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  }

  // --- session expiry warning ----------------------------------------------------------------
  var idle = parseInt(texts.idleSeconds || "0", 10);
  var pingUrl = texts.pingUrl;
  if (!idle || !pingUrl) { return; }
  var warnBefore = Math.min(300, Math.floor(idle / 3));
  var started = Date.now();
  var box = null;
  function showBox(expired) {
    if (!box) {
      box = document.createElement("div");
      box.className = "session-warning";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-labelledby", "session-warning-text");
      box.innerHTML = "<p id='session-warning-text'></p><button type='button' class='button default'></button>";
      document.body.appendChild(box);
      box.querySelector("button").addEventListener("click", keep);
    }
    box.querySelector("p").textContent = expired ? texts.expired : texts.warning;
    box.querySelector("button").textContent = expired ? texts.signIn : texts.keep;
    box.dataset.expired = expired ? "1" : "";
    box.hidden = false;
    box.querySelector("button").focus();
  }
  function keep() {
    if (box && box.dataset.expired) {
      window.open(texts.loginUrl + "?next=" + encodeURIComponent(pingUrl), "_blank");
      started = Date.now(); box.hidden = true; return;
    }
    fetch(pingUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}}).then(function (r) {
      if (r.ok && r.headers.get("Content-Type").indexOf("json") !== -1) { started = Date.now(); if (box) { box.hidden = true; } }
      else { showBox(true); }
    }).catch(function () { showBox(true); });
  }
  setInterval(function () {
    var left = idle - (Date.now() - started) / 1000;
    if (left <= 0) { showBox(true); }
    else if (left <= warnBefore && (!box || box.hidden)) { showBox(false); }
  }, 15000);
})();

/* Enter in a picker's filter box (themes, SDGs, districts) only filters: it must not
 * submit the whole form half-done. */
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && event.target.matches && event.target.matches(".selector-filter input")) {
    event.preventDefault();
  }
});
