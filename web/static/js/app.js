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
