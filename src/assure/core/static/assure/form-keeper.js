// Keeps the work in a long form: saves the draft in the background as the person goes
// and when they leave the page, warns before the session times out, and keeps what was
// typed in this tab so that it can be put back after signing in again.
//
// A file, not inline script: the Content-Security-Policy forbids inline script. Without
// JavaScript none of this runs and the form's own "Save draft" buttons do the saving.
//
// The form opts in with data attributes:
//   data-keeper="audit-12"    what this form is, for the copy kept in the tab
//   data-person="7"           who is signed in: a copy is only ever put back for them
//   data-autosave="1"         the form's own POST takes autosave=1 and answers JSON
//   data-session-seconds="…"  how long the session has left when the page was made
//   data-stay-url="…"         the light request that restarts the idle timer

const TYPING_PAUSE_MS = 2000; // save this long after the last key press
const CHOICE_PAUSE_MS = 300; // a radio or a date: save almost at once
const WARN_SECONDS = 5 * 60; // warn this long before the session ends (a sixth of a short one)
const LAST_SAVE_SECONDS = 60; // and save anything unsaved this long before
const TICK_MS = 1000;
const SKIPPED = new Set(["csrfmiddlewaretoken", "version", "intent", "autosave"]);

const form = document.querySelector("form[data-keeper]");
if (form) {
  keep(form);
}

function keep(form) {
  const storageKey = `assure-form:${form.dataset.keeper}`;
  const person = form.dataset.person || "";
  const autosave = form.dataset.autosave === "1";
  const versionInput = form.querySelector("input[name='version']");
  const csrf = form.querySelector("input[name='csrfmiddlewaretoken']");
  const bar = form.querySelector("[data-draft-bar]");
  const status = form.querySelector("[data-draft-status]");
  const dialog = document.getElementById("session-warning");
  const signedOutBanner = document.getElementById("signed-out");
  const restoredBanner = document.getElementById("restored");

  let dirty = false; // typed since the last save that the server confirmed
  let inFlight = null; // the promise of the save under way
  let again = false; // more was typed while a save was under way
  let timer = null;
  let stopped = false; // a conflict or the end of the session: no more saving
  let submitting = false; // the form is being sent the ordinary way
  const sessionSeconds = Number(form.dataset.sessionSeconds || 1800);
  const warnSeconds = Math.min(WARN_SECONDS, sessionSeconds / 6);
  let deadline = Date.now() + sessionSeconds * 1000;
  let lastSaveTried = false;

  if (bar) {
    bar.hidden = false; // shown before any message, so that the first one is announced
  }

  function say(text, problem = false) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("assure-draft-bar__status--problem", problem);
  }

  // The copy in the tab ------------------------------------------------------------------
  // Answers are about a child. sessionStorage ends with the tab, so nothing typed stays on
  // a shared council computer once the tab is closed; localStorage would keep it for the
  // next person to sit down. The copy is only put back for the person who typed it.

  function values() {
    const out = {};
    for (const element of form.elements) {
      if (!element.name || SKIPPED.has(element.name)) continue;
      if (element.type === "radio" || element.type === "checkbox") {
        if (element.checked) out[element.name] = element.value;
      } else if (element.tagName === "TEXTAREA" || element.tagName === "SELECT" || element.type === "date" || element.type === "text") {
        if (element.value !== "") out[element.name] = element.value;
      }
    }
    return out;
  }

  function remember() {
    try {
      const copy = { person, version: versionInput ? versionInput.value : "", values: values() };
      sessionStorage.setItem(storageKey, JSON.stringify(copy));
    } catch (error) {
      // Storage full or refused (private browsing): the background save still works.
    }
  }

  function forget() {
    try {
      sessionStorage.removeItem(storageKey);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function put(name, value) {
    for (const element of form.elements) {
      if (element.name !== name) continue;
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = element.value === value;
      } else {
        element.value = value;
      }
    }
  }

  function restore() {
    let copy = null;
    try {
      copy = JSON.parse(sessionStorage.getItem(storageKey) || "null");
    } catch (error) {
      copy = null;
    }
    if (!copy) return false;
    const current = values();
    const differs = Object.keys({ ...copy.values, ...current }).some((k) => copy.values[k] !== current[k]);
    // Put back only the same person's unsaved typing over the very version it was typed
    // on: if the form was saved since, the saved version is newer than the copy.
    const version = versionInput ? versionInput.value : "";
    if (copy.person !== person || copy.version !== version || !differs) {
      forget();
      return false;
    }
    for (const element of form.elements) {
      if (element.name && !SKIPPED.has(element.name) && !(element.name in copy.values)) {
        if (element.type === "radio" || element.type === "checkbox") element.checked = false;
        else if (element.tagName === "TEXTAREA" || element.type === "date" || element.type === "text") element.value = "";
      }
    }
    for (const [name, value] of Object.entries(copy.values)) put(name, value);
    if (restoredBanner) {
      restoredBanner.hidden = false;
      restoredBanner.focus();
    }
    return true;
  }

  // Saving in the background -------------------------------------------------------------

  function isJson(response) {
    return (response.headers.get("content-type") || "").includes("application/json");
  }

  async function send(keepalive) {
    const body = new FormData(form);
    body.delete("intent");
    body.set("autosave", "1");
    dirty = false;
    say("Saving draft…");
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body,
        credentials: "same-origin",
        keepalive,
        headers: { Accept: "application/json" },
      });
      const answer = isJson(response) ? await response.json() : null;
      if (response.ok && answer) {
        if (versionInput) versionInput.value = String(answer.version);
        if (answer.session_seconds) sessionLeft(answer.session_seconds);
        say(`Draft saved at ${answer.saved_at}`);
        if (dirty) remember();
        else forget();
      } else if (response.status === 409 && answer) {
        dirty = true;
        stopped = true;
        say(answer.detail, true);
      } else if (answer) {
        dirty = true;
        say(answer.detail, true);
      } else {
        // Not JSON: the session has ended and Assure answered with its sign-in page.
        dirty = true;
        signedOut();
      }
    } catch (error) {
      dirty = true;
      say("Not saved: Assure could not be reached. What you typed is kept in this tab and will be saved when you carry on.", true);
    }
  }

  function save({ keepalive = false } = {}) {
    clearTimeout(timer);
    if (!autosave || stopped || submitting || !dirty) return inFlight || Promise.resolve();
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = send(keepalive).finally(() => {
      inFlight = null;
      if (again) {
        again = false;
        later(CHOICE_PAUSE_MS);
      }
    });
    return inFlight;
  }

  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => save(), ms);
  }

  function typed(event) {
    if (!event.target.name || SKIPPED.has(event.target.name) || stopped) return;
    dirty = true;
    lastSaveTried = false;
    // A form without drafts keeps its copy only once the session has ended (signedOut):
    // kept on every key press, a recorded form would come back the next time it is opened.
    if (autosave) remember();
    const text = event.target.tagName === "TEXTAREA" || event.target.type === "text";
    later(text && event.type === "input" ? TYPING_PAUSE_MS : CHOICE_PAUSE_MS);
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);

  // Sent the ordinary way ("Save draft", "Submit"): wait for a background save under way,
  // so that the form carries the version that save made, then send it.
  form.addEventListener("submit", (event) => {
    if (submitting) return;
    // If the session has ended, the sign-in page comes next: keep the typing. A form
    // without drafts is kept only then; sent in time, it is recorded and not wanted back.
    if (autosave || Date.now() >= deadline - TICK_MS) remember();
    else forget();
    if (inFlight) {
      event.preventDefault();
      const button = event.submitter;
      inFlight.then(() => {
        submitting = true;
        form.requestSubmit(button);
      });
      return;
    }
    submitting = true;
    clearTimeout(timer);
  });

  // Leaving the page, or the tab going out of sight, saves at once; keepalive lets the
  // request finish after the page has gone.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save({ keepalive: true });
  });
  window.addEventListener("pagehide", () => save({ keepalive: true }));
  window.addEventListener("pageshow", (event) => {
    // Back from the browser's page cache: the version in the page may be out of date.
    if (event.persisted) window.location.reload();
  });

  // The session ------------------------------------------------------------------------

  function sessionLeft(seconds) {
    deadline = Date.now() + Number(seconds) * 1000;
  }

  function minutesText(seconds) {
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }

  function signedOut() {
    stopped = true;
    clearTimeout(timer);
    remember();
    if (dialog && dialog.open) dialog.close();
    say("You have been signed out. What you typed is kept in this tab.", true);
    if (signedOutBanner && signedOutBanner.hidden) {
      signedOutBanner.hidden = false;
      signedOutBanner.focus();
    }
  }

  async function staySignedIn() {
    if (dialog && dialog.open) dialog.close();
    const url = form.dataset.staySignedIn || form.dataset.stayUrl;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      });
      if (response.ok && isJson(response)) {
        const answer = await response.json();
        sessionLeft(answer.session_seconds);
        say("You are still signed in.");
      } else {
        signedOut();
      }
    } catch (error) {
      say("Assure could not be reached to keep you signed in. Save your draft when the connection returns.", true);
    }
  }

  if (dialog) {
    dialog.querySelector("[data-stay-signed-in]").addEventListener("click", staySignedIn);
    // Escape closes the warning: take it as "stay signed in", the safer reading.
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      staySignedIn();
    });
  }

  function tick() {
    if (stopped && !dialog?.open) return;
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) {
      signedOut();
      return;
    }
    if (left <= Math.min(LAST_SAVE_SECONDS, warnSeconds / 2) && dirty && !lastSaveTried) {
      lastSaveTried = true;
      save();
    }
    if (dialog && left <= warnSeconds) {
      const countdown = dialog.querySelector("[data-countdown]");
      if (countdown) countdown.textContent = minutesText(left);
      if (!dialog.open) dialog.showModal();
    }
  }

  setInterval(tick, TICK_MS);

  if (restore()) {
    dirty = true;
    later(CHOICE_PAUSE_MS);
  }
}
