// Training page: a rest timer counting down the prescribed rest after each logged set.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const timer = document.getElementById("rest-timer");
  if (!timer) return;
  const clock = timer.querySelector(".rest-clock");
  const label = timer.querySelector(".rest-label");
  let handle = null;

  const format = (seconds) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

  const stop = () => {
    if (handle !== null) window.clearInterval(handle);
    handle = null;
    timer.hidden = true;
    timer.classList.remove("done");
  };

  const start = (seconds) => {
    stop();
    const ends = Date.now() + seconds * 1000;
    timer.hidden = false;
    label.textContent = "Rest";
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      clock.textContent = format(left);
      timer.dataset.left = String(left);
      if (left === 0) {
        window.clearInterval(handle);
        handle = null;
        label.textContent = "Rest over: next set!";
        timer.classList.add("done");
        if (navigator.vibrate) navigator.vibrate(300);
      }
    };
    tick();
    handle = window.setInterval(tick, 250);
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-rest-seconds")) start(Number(button.dataset.restSeconds));
    if (button.hasAttribute("data-rest-stop")) stop();
  });
  const initial = Number(timer.dataset.seconds || 0);
  if (initial > 0) start(initial);
});
