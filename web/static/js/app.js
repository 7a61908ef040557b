/* After an htmx swap, move keyboard and screen-reader focus to what changed: the first
   error when the server refused a form, else the new content (a form's first field, the
   refreshed board or file). A filter being chosen or typed keeps the focus where it is. */
(function () {
  "use strict";
  var FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
  var STILL_EDITING = { change: true, input: true, keyup: true };

  function moveFocusTo(element) {
    if (!element.matches("a[href], button, " + FIELDS) && !element.hasAttribute("tabindex")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function swappedContent(detail) {
    var target = detail.target;
    // An outerHTML swap replaced the target: find its successor by id.
    if (target && !target.isConnected && target.id) {
      target = document.getElementById(target.id);
    }
    return target && target.isConnected ? target : null;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var content = swappedContent(event.detail);
    if (!content) return;
    // What refreshes itself (the inbox badge's polling) never takes the focus.
    if (content.hasAttribute("data-keep-focus")) return;
    // A list that grows by one item (a row added to a form): to that item's first field.
    if (content.hasAttribute("data-focus-last")) {
      var last = content.lastElementChild;
      return moveFocusTo((last && last.querySelector(FIELDS)) || last || content);
    }
    var error = content.querySelector("[aria-invalid=true]") || content.querySelector("[role=alert]");
    if (error) return moveFocusTo(error);
    var config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (trigger && STILL_EDITING[trigger.type]) return;
    // A form loaded into a panel: straight to its first field.
    // (Not a form that is part of the refreshed file itself, like its "as of" date.)
    var form = content.matches("form") ? content : content.querySelector(":scope > form:not(.as-of-form)");
    var field = form && form.querySelector(FIELDS);
    moveFocusTo(field || content);
  });
})();

/* While a form is on its way (slow links), mark it busy for assistive technology; htmx
   itself disables its button (hx-disabled-elt) and shows "Envoi en cours…" (hx-indicator). */
(function () {
  "use strict";
  function formOf(event) {
    var element = event.detail && event.detail.elt;
    return element && element.matches && element.matches("form") ? element : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = formOf(event);
    if (form) form.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = formOf(event);
    if (form) form.removeAttribute("aria-busy");
  });
})();

/* Files chosen for an action: their count and total size are said at once (before a slow
   upload starts), and a file the server would refuse for its size is named; while htmx
   sends the form, a bar shows how much has gone. Without JavaScript the form posts as is. */
(function () {
  "use strict";
  var MEGABYTE = 1048576;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function size(bytes, say) {
    var lang = document.documentElement.lang || "fr";
    if (bytes < MEGABYTE) {
      return format(say.kb, { size: Math.max(1, Math.round(bytes / 1024)).toLocaleString(lang) });
    }
    return format(say.mb, { size: (Math.round(bytes / MEGABYTE * 10) / 10).toLocaleString(lang) });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-most-bytes]")) return;
    var out = document.getElementById(input.id + "-chosen");
    if (!out) return;
    var say = out.dataset, files = Array.prototype.slice.call(input.files || []);
    var total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
    var most = Number(input.dataset.mostBytes), lines = [];
    if (files.length) {
      lines.push(format(files.length === 1 ? say.one : say.many,
                        { count: files.length, size: size(total, say) }));
    }
    if (files.length > Number(input.dataset.mostFiles)) {
      lines.push(format(say.tooMany, { most: input.dataset.mostFiles }));
    }
    files.forEach(function (file) {
      if (file.size > most) lines.push(format(say.tooBig, { name: file.name, most: most / MEGABYTE }));
    });
    out.textContent = lines.join(" ");
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    var bar = form && form.querySelector(".upload-progress");
    var input = form && form.querySelector("input[type=file]");
    if (!bar || !input || !input.files || !input.files.length) return;
    var loaded = event.detail.loaded, total = event.detail.total;
    if (!total) return;
    bar.hidden = false;
    // The answer's download reports progress too: the bar only goes forward.
    bar.value = Math.max(bar.value, Math.round(loaded / total * 100));
  });
})();

/* A form sent through htmx that the server refused outright (a 4xx or 5xx that is not a
   form's own answer, such as files too large for the server to read) or that the
   connection dropped: the form stays on the page as typed, and says what happened. */
(function () {
  "use strict";
  function say(form, build) {
    var old = form.querySelector(":scope > .request-error");
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "request-error";
    build(box);
    form.insertBefore(box, form.firstChild);
    var alert = box.querySelector("[role=alert]") || box;
    alert.setAttribute("tabindex", "-1");
    alert.focus();
    var bar = form.querySelector(".upload-progress");
    if (bar) { bar.hidden = true; bar.value = 0; }
  }
  function formOf(event) {
    var element = event.detail && event.detail.elt;
    return element && element.closest ? element.closest("form") : null;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var form = formOf(event);
    var xhr = event.detail.xhr;
    if (!form || !xhr) return;
    // Our error fragment (errors/_message.html), drawn by the server from its templates.
    var fragment = document.createRange().createContextualFragment(xhr.responseText || "");
    var message = fragment.querySelector(".flash.error");
    if (!message) return;
    say(form, function (box) { box.appendChild(message); });
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = formOf(event);
    if (!form) return;
    say(form, function (box) {
      var message = document.createElement("p");
      message.className = "flash error";
      message.setAttribute("role", "alert");
      message.textContent = document.body.dataset.sendError;
      box.appendChild(message);
    });
  });
})();

/* On a wide screen the board's other filters are in view from the start; on a phone they
   stay folded so that the first recommendations are in the first screen. */
(function () {
  "use strict";
  function unfold() {
    if (!window.matchMedia("(min-width: 48rem)").matches) return;
    document.querySelectorAll("details.more-filters").forEach(function (details) {
      details.open = true;
    });
  }
  document.addEventListener("DOMContentLoaded", unfold);
})();

/* The inbox badge asks again only while the tab is in view (a hidden tab on a phone costs
   data for nothing); its trigger carries no condition, since the pages run no eval. */
(function () {
  "use strict";
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.id === "inbox-link" && document.visibilityState !== "visible") {
      event.preventDefault();
    }
  });
})();
