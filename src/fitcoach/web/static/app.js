// FitCoach page behaviour. No inline scripts anywhere (the Content-Security-Policy forbids them).
"use strict";

// Forms with data-confirm ask before submitting (e.g. deleting the account).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // A second tap on a slow connection must not send the form twice (two sets, two meals, two plans).
  if (!(form instanceof HTMLFormElement)) return;
  if (form.dataset.submitting === "1") { event.preventDefault(); return; }
  const button = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
  // Decided after every listener ran: forms that scripts send themselves (chat) cancel the default.
  window.setTimeout(() => {
    if (event.defaultPrevented) return;
    form.dataset.submitting = "1";
    if (button) button.setAttribute("aria-busy", "true");
    window.setTimeout(() => { delete form.dataset.submitting; if (button) button.removeAttribute("aria-busy"); }, 8000);
  }, 0);
});

window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submitting]").forEach((form) => { delete form.dataset.submitting; });
  document.querySelectorAll("button[aria-busy]").forEach((button) => button.removeAttribute("aria-busy"));
});

// fetch() wrapper for same-origin API calls made with the session cookie: adds the CSRF header.
window.fitcoachFetch = (url, options = {}) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const headers = new Headers(options.headers || {});
  if (meta) headers.set("X-CSRF-Token", meta.content);
  if (options.body && !(options.body instanceof FormData) && !headers.has("Content-Type")) {
    headers.set("Content-Type", "application/json");
  }
  return fetch(url, { ...options, headers, credentials: "same-origin" });
};
