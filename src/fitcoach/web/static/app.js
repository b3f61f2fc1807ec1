// FitCoach page behaviour. No inline scripts anywhere (the Content-Security-Policy forbids them).
"use strict";

// Forms with data-confirm ask before submitting (e.g. deleting the account).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
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
