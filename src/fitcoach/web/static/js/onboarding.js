// Onboarding: show the long form one step at a time. Without JavaScript every step shows at once.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.stepped");
  if (!form) return;
  const steps = Array.from(form.querySelectorAll("section.step"));
  const labels = Array.from(form.querySelectorAll("[data-step-label]"));
  const submit = form.querySelector(".submit-all");
  const start = Math.max(0, steps.findIndex((s) => s.dataset.step === form.dataset.startStep));
  form.classList.add("js-steps");

  const show = (index) => {
    steps.forEach((step, i) => { step.hidden = i !== index; });
    labels.forEach((label, i) => {
      label.classList.toggle("current", i === index);
      label.classList.toggle("done", i < index);
      if (i === index) label.setAttribute("aria-current", "step"); else label.removeAttribute("aria-current");
    });
    submit.hidden = index !== steps.length - 1;
    const heading = steps[index].querySelector("h2");
    if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
    window.scrollTo({ top: 0 });
    current = index;
  };

  // A step's required answers must be given before moving on; the server checks everything again.
  const stepIsComplete = (step) => {
    let ok = true;
    const seen = new Set();
    step.querySelectorAll("[required]").forEach((input) => {
      if (seen.has(input.name)) return;
      seen.add(input.name);
      const field = input.closest(".field");
      const filled = input.type === "radio"
        ? step.querySelector(`input[name="${CSS.escape(input.name)}"]:checked`) !== null
        : input.value.trim() !== "";
      field.classList.toggle("missing", !filled);
      if (!filled && ok) { ok = false; (field.querySelector("input, select") || input).focus(); }
    });
    return ok;
  };

  let current = start;
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-next") && stepIsComplete(steps[current])) show(current + 1);
    if (button.hasAttribute("data-prev")) show(current - 1);
  });
  show(start);
});
