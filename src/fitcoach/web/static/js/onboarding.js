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
    step.querySelectorAll("[required]:not([disabled])").forEach((input) => {
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

  // Answers that only apply after another answer (the trimester once "pregnant" is yes). Hidden ones are
  // disabled so they are not sent; without JavaScript they show, with help text saying when they apply.
  const dependents = Array.from(form.querySelectorAll("[data-show-if]"));
  const applyConditions = () => {
    dependents.forEach((field) => {
      const chosen = form.querySelector(`input[name="${CSS.escape(field.dataset.showIf)}"]:checked`);
      const visible = chosen !== null && chosen.value === field.dataset.showValue;
      field.hidden = !visible;
      field.querySelectorAll("input, select, textarea").forEach((input) => { input.disabled = !visible; });
    });
  };
  form.addEventListener("change", (event) => {
    if (dependents.some((field) => event.target.name === field.dataset.showIf)) applyConditions();
  });
  applyConditions();

  // Steps holding an answer the server sent back are marked in the step list.
  steps.forEach((step, i) => {
    if (step.querySelector(".field.has-error") && labels[i]) labels[i].classList.add("has-error");
  });

  // The error summary's links open the step that holds the answer and put the cursor in it.
  form.parentElement.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-goto-field]");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    const index = field ? steps.findIndex((step) => step.contains(field)) : -1;
    if (index < 0) return;
    event.preventDefault();
    show(index);
    field.scrollIntoView({ block: "center" });
    const input = field.querySelector("input:not([type=hidden]), select, textarea");
    if (input) input.focus({ preventScroll: true });
  });

  let current = start;
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-next") && stepIsComplete(steps[current])) show(current + 1);
    if (button.hasAttribute("data-prev")) show(current - 1);
  });
  show(start);
});
