/* Writing without a connection (see web/offline.py).

   A form marked data-offline (a recommendation, a CCS session and its sitting, a note, a
   follow-up) that cannot reach the server — the browser says it is offline, or the send
   fails on the way — is kept on this device (IndexedDB), with a request_id of its own made
   when it is kept and the account it belongs to. The outbox sends what waits when the
   network returns (the browser's « online », a retry schedule that backs off, and
   « Envoyer maintenant »), through the same form, one entry at a time, under the session
   of the person who wrote it only. The server records a request_id once: an entry whose
   answer was lost is sent again safely. An entry leaves the device only once the server
   has recorded it; one the server refuses comes back with its messages, to be corrected.
   Without JavaScript none of this runs: forms post as always. */
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) return;

  var DATABASE = "ccs-outbox", STORE = "entries";
  var FIRST_RETRY_MS = 5000, LONGEST_RETRY_MS = 5 * 60 * 1000;
  var NEVER_KEPT = { csrf_token: true, form_owner: true };
  var body = document.body;
  var me = body.dataset.user || null;

  // ---- the device's store -------------------------------------------------------------
  var opened = null;
  function database() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DATABASE, 1);
        request.onupgradeneeded = function () {
          var store = request.result.createObjectStore(STORE, { keyPath: "id" });
          store.createIndex("owner", "owner");
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }

  function transaction(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function allEntries() {
    return transaction("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      return (entries || []).sort(function (a, b) { return a.savedAt - b.savedAt; });
    });
  }
  function put(entry) { return transaction("readwrite", function (store) { store.put(entry); }); }
  function remove(id) { return transaction("readwrite", function (store) { store.delete(id); }); }

  function newRequestId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // ---- keeping a form on the device ---------------------------------------------------
  /* The form's fields as [name, value] pairs (files included: IndexedDB keeps them), each
     request_id new. ``sentId``: the request_id of a send that failed on the way, kept so
     that, had it reached the server, sending it again records nothing twice. */
  function fieldsOf(form, sentId) {
    var fields = [], id = null;
    new FormData(form).forEach(function (value, name) {
      if (NEVER_KEPT[name]) return;
      if (value instanceof File && !value.name && !value.size) return;
      if (/(^|-)request_id$/.test(name)) {
        value = name === "request_id" && sentId ? sentId : newRequestId();
        if (name === "request_id") id = value;
      }
      fields.push([name, value]);
    });
    return { fields: fields, id: id || newRequestId() };
  }

  function keepOnDevice(form, sentId) {
    if (!me) return Promise.resolve(null);
    var kept = fieldsOf(form, sentId);
    var title = form.querySelector("[name=title]");
    var entry = {
      id: kept.id, owner: me, ownerName: body.dataset.userName || "",
      label: form.dataset.offline + (title && title.value ? " : " + title.value : ""),
      url: form.getAttribute("action"), fields: kept.fields, savedAt: Date.now(),
      state: "pending", messages: [], attempts: 0, nextTry: 0
    };
    return put(entry).then(function () {
      form.reset();
      // The form shown again is a new entry: new request ids for its next filling.
      form.querySelectorAll("input[type=hidden]").forEach(function (input) {
        if (/(^|-)request_id$/.test(input.name)) input.value = newRequestId();
      });
      tell(form, body.dataset.offlineKept || "");
      refreshCount();
      askForPersistence();
      return entry;
    });
  }

  function tell(form, text) {
    var old = form.querySelector(":scope > .offline-kept");
    if (old) old.remove();
    var box = document.createElement("p");
    box.className = "flash success offline-kept";
    box.setAttribute("role", "status");
    box.setAttribute("tabindex", "-1");
    box.textContent = text;
    form.insertBefore(box, form.firstChild);
    box.focus();
  }

  /* Ask the browser not to clear the store when space runs short (best effort). */
  function askForPersistence() {
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
  }

  function offlineForm(element) {
    return element && element.closest ? element.closest("form[data-offline]") : null;
  }

  // Offline before sending: kept at once, nothing sent.
  document.addEventListener("htmx:confirm", function (event) {
    var form = offlineForm(event.detail && event.detail.elt);
    if (!form || navigator.onLine !== false || !me) return;
    event.preventDefault();
    // The browser's own checks (required fields…) first, as when sending.
    if (!form.noValidate && !form.checkValidity()) {
      form.reportValidity();
      return;
    }
    keepOnDevice(form);
  });
  // The send failed on the way (the network went while sending): kept too, with the
  // request_id it was sent with.
  document.addEventListener("htmx:sendError", function (event) {
    var form = offlineForm(event.detail && event.detail.elt);
    if (!form || !me) return;
    // Kept here: the page's own « connexion perdue, renvoyez-le » (app.js) would be wrong.
    event.stopPropagation();
    var sent = form.querySelector("input[name=request_id]");
    keepOnDevice(form, sent && sent.value).then(function () { scheduleSoon(); });
  }, true);

  // ---- sending ------------------------------------------------------------------------
  var sending = false, timer = null;

  function whoIsSignedIn() {
    return fetch("/hors-ligne/qui", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) return { user: null };
        if (!response.ok) throw new Error("who " + response.status);
        return response.json();
      });
  }

  function sendAll(force) {
    if (sending) return Promise.resolve();
    sending = true;
    var locks = navigator.locks;
    var run = function () { return sendWaiting(force); };
    // One tab sends at a time (two tabs would send the same entry twice — harmless, but
    // wasteful on a slow link).
    var done = locks ? locks.request("ccs-outbox", { ifAvailable: true }, function (lock) {
      return lock ? run() : null;
    }) : run();
    return Promise.resolve(done).catch(function () { /* tried again later */ })
      .then(function () { sending = false; refreshCount(); renderOutbox(); schedule(); });
  }

  function sendWaiting(force) {
    return allEntries().then(function (entries) {
      var now = Date.now();
      var due = entries.filter(function (entry) {
        return entry.owner === me && entry.state !== "refused" && (force || entry.nextTry <= now);
      });
      if (!due.length) return null;
      return whoIsSignedIn().then(function (who) {
        setStatus("");
        if (who.user !== me) {  // signed out, or someone else: nothing leaves
          if (!who.user) setStatus(outboxData("signedOut"));
          return null;
        }
        return due.reduce(function (chain, entry) {
          return chain.then(function (stop) { return stop ? stop : sendOne(entry, who.csrf_token); });
        }, Promise.resolve(null));
      }, function () { return null; });
    });
  }

  function sendOne(entry, token) {
    var form = new FormData();
    entry.fields.forEach(function (pair) { form.append(pair[0], pair[1]); });
    form.append("csrf_token", token);
    entry.state = "sending";
    return put(entry).then(function () { renderOutbox(); return fetch(entry.url, {
      method: "POST", body: form, credentials: "same-origin", redirect: "manual",
      headers: { "X-Outbox": "1", "X-CSRFToken": token }
    }); }).then(function (response) {
      // Recorded (or recorded before: the same request_id): the page's redirection.
      if (response.type === "opaqueredirect" || (response.status >= 200 && response.status < 300)) {
        return remove(entry.id).then(function () { return null; });
      }
      if (response.status === 401) return retryLater(entry, 0).then(function () { return "stop"; });
      // A stale form token (400) is fetched again at the next round; thrice is a refusal.
      var transient = response.status === 429 || response.status >= 500 ||
        (response.status === 400 && entry.attempts < 3);
      if (transient) {
        var wait = Number(response.headers.get("Retry-After")) * 1000 || 0;
        return retryLater(entry, wait).then(function () { return response.status === 429 ? "stop" : null; });
      }
      // Refused (422, 409, 403, 404, 413): back to the person with the server's words.
      return response.text().then(function (html) {
        entry.state = "refused";
        entry.messages = messagesIn(html);
        return put(entry).then(function () { return null; });
      });
    }, function () {
      // The network went on the way: perhaps recorded, perhaps not; the same request_id
      // goes again, so either way it is recorded once.
      return retryLater(entry, 0).then(function () { return "stop"; });
    });
  }

  function retryLater(entry, wait) {
    entry.state = "pending";
    entry.attempts += 1;
    var backoff = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, entry.attempts - 1));
    entry.nextTry = Date.now() + Math.max(wait, backoff);
    return put(entry);
  }

  /* The refusal's messages as the server wrote them: the form's summary, then each field's
     errors under the field's label. */
  function messagesIn(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var messages = [];
    page.querySelectorAll("ul.errors").forEach(function (list) {
      var name = list.id.replace(/-errors$/, "");
      var label = page.querySelector('label[for="' + name + '"]');
      if (label) label.querySelectorAll("[aria-hidden=true]").forEach(function (mark) { mark.remove(); });
      var prefix = label ? label.textContent.replace(/\s+/g, " ").trim() + " : " : "";
      list.querySelectorAll("li").forEach(function (item) {
        messages.push(prefix + item.textContent.replace(/\s+/g, " ").trim());
      });
    });
    // No field named: the form's or the page's own message (a refusal of the action).
    if (!messages.length) {
      page.querySelectorAll(".flash.error").forEach(function (element) {
        var text = element.textContent.replace(/\s+/g, " ").trim();
        if (text) messages.push(text);
      });
    }
    return messages.length ? messages : [page.title || ""];
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    if (!me) return;
    allEntries().then(function (entries) {
      var waiting = entries.filter(function (entry) { return entry.owner === me && entry.state === "pending"; });
      if (!waiting.length) return;
      var next = Math.min.apply(null, waiting.map(function (entry) { return entry.nextTry; }));
      timer = setTimeout(function () { sendAll(false); }, Math.max(1000, next - Date.now()));
    });
  }

  function scheduleSoon() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { sendAll(false); }, FIRST_RETRY_MS);
  }

  window.addEventListener("online", function () { sendAll(true); });

  // ---- what the person sees -----------------------------------------------------------
  function refreshCount() {
    var link = document.getElementById("outbox-link");
    if (!link || !me) return Promise.resolve();
    return allEntries().then(function (entries) {
      var count = entries.filter(function (entry) { return entry.owner === me; }).length;
      var logout = document.getElementById("logout-form");
      if (logout) logout.dataset.pending = count;
      link.hidden = count === 0;
      link.textContent = count === 1 ? link.dataset.one : format(link.dataset.many, { count: count });
      return count;
    });
  }

  function outboxData(name) {
    var box = document.getElementById("outbox");
    return box ? box.dataset[name] : "";
  }

  function setStatus(text) {
    var status = document.getElementById("outbox-status");
    if (status) status.textContent = text;
  }

  /* The server's messages of a refused entry, one item each. */
  function messageList(messages, className) {
    var list = document.createElement("ul");
    list.className = className;
    messages.forEach(function (text) {
      var line = document.createElement("li");
      line.textContent = text;
      list.appendChild(line);
    });
    return list;
  }

  function renderOutbox() {
    var box = document.getElementById("outbox");
    if (!box) return;
    var list = box.querySelector(".outbox-entries");
    var data = box.dataset;
    allEntries().then(function (entries) {
      list.textContent = "";
      if (!entries.length) {
        var empty = document.createElement("li");
        empty.textContent = data.empty;
        list.appendChild(empty);
        return;
      }
      var lang = document.documentElement.lang === "en" ? "en-GB" : "fr-FR";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "outbox-entry " + entry.state;
        item.dataset.id = entry.id;
        var title = document.createElement("strong");
        title.textContent = entry.label;
        item.appendChild(title);
        var when = document.createElement("span");
        when.className = "where";
        when.textContent = format(data.saved, { when: new Date(entry.savedAt).toLocaleString(lang, {
          day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }) });
        item.appendChild(when);
        var state = document.createElement("p");
        state.className = "entry-state";
        state.textContent = entry.owner !== me ? format(data.other, { name: entry.ownerName })
          : data[entry.state] || data.pending;
        item.appendChild(state);
        if (entry.state === "refused") item.appendChild(messageList(entry.messages, "errors"));
        if (entry.owner === me) {
          var buttons = document.createElement("div");
          buttons.className = "buttons";
          if (entry.state === "refused") {
            var correct = document.createElement("a");
            correct.href = entry.url + "#outbox=" + encodeURIComponent(entry.id);
            correct.textContent = data.correct;
            buttons.appendChild(correct);
          }
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "grave";
          discard.dataset.discard = entry.id;
          discard.textContent = data.discard;
          buttons.appendChild(discard);
          item.appendChild(buttons);
        }
        list.appendChild(item);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.id === "send-now") {
      event.preventDefault();
      sendAll(true);
    } else if (target.dataset && target.dataset.discard) {
      if (window.confirm(outboxData("confirmDiscard"))) {
        remove(target.dataset.discard).then(function () { renderOutbox(); refreshCount(); });
      }
    }
  });

  /* « Corriger »: the form opens filled with the entry (files must be chosen again, as a
     browser never lets a page fill a file input); sending it replaces the entry. */
  function refillFromEntry() {
    var match = /#outbox=([^&]+)/.exec(location.hash);
    if (!match) return;
    var id = decodeURIComponent(match[1]);
    transaction("readonly", function (store) { return store.get(id); }).then(function (entry) {
      var form = entry && entry.owner === me ? document.querySelector("form[data-offline]") : null;
      if (!form) return;
      entry.fields.forEach(function (pair) {
        var input = form.elements.namedItem(pair[0]);
        if (input && typeof pair[1] === "string" && input.type !== "file") input.value = pair[1];
      });
      form.insertBefore(messageList(entry.messages, "errors offline-refusal"), form.firstChild);
      correcting = { id: id, url: entry.url };
    });
  }

  /* The corrected form sent and recorded: the entry goes (before htmx leaves the page, so
     that the removal is not cut short); refused again, it stays and the form says why. */
  var correcting = null;
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr, config = event.detail.requestConfig;
    if (!correcting || !xhr || !config || config.verb !== "post" || xhr.status >= 400) return;
    if (config.path !== correcting.url) return;
    var id = correcting.id, redirect = xhr.getResponseHeader("HX-Redirect");
    correcting = null;
    if (redirect) {
      event.preventDefault();
      remove(id).then(function () { location.href = redirect; });
    } else {
      remove(id).then(refreshCount);
    }
  });

  // Signing out with entries not sent: say so first; the person's pages leave the device.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "logout-form" || !me) return;
    var total = Number(form.dataset.pending || 0);
    if (total && !window.confirm(total === 1 ? form.dataset.warnOne
                                             : format(form.dataset.warnMany, { count: total }))) {
      event.preventDefault();
      return;
    }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "signed-out" });
    }
  }, true);

  // ---- start --------------------------------------------------------------------------
  function start() {
    refreshCount();
    renderOutbox();
    refillFromEntry();
    if (me && navigator.onLine !== false) sendAll(false);
    if ("serviceWorker" in navigator && body.dataset.sw) {
      navigator.serviceWorker.register(body.dataset.sw).then(function (registration) {
        return navigator.serviceWorker.ready.then(function (ready) {
          var worker = ready.active || registration.active;
          if (!worker) return;
          // The person's forms, kept ahead of need; another person's pages removed.
          var warm = (body.dataset.offlineWarm || "").split(" ").filter(Boolean);
          worker.postMessage({ type: "person", user: me, warm: warm });
        });
      }).catch(function () { /* works without, online */ });
    }
  }

  // The count shown on the logout form stays current.
  window.addEventListener("storage", refreshCount);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
