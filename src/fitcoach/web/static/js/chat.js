// Chat page: send a message and render the coach's answer as it streams from /api/v1/chat/stream
// (server-sent events read with fetch + ReadableStream). Text goes in with textContent only, never as
// HTML. Without this script the same forms post to /chat and the page shows the answer after a reload.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("messages");
  const box = document.getElementById("chat-form");
  const errors = document.getElementById("chat-errors");
  if (!list || !box || !window.fetch || !window.TextDecoder) return;
  const textarea = box.querySelector("textarea");
  const send = document.getElementById("chat-send");
  let busy = false;
  const CITATION = /(\[[A-Z][A-Z0-9+\-]*\])/; // a source key in the text, e.g. [ISSN-PRO]: kept on one line

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const showErrors = (problems) => {
    errors.replaceChildren();
    if (!problems.length) return;
    const ul = element("ul", "errors");
    ul.setAttribute("role", "alert");
    for (const p of problems) {
      const li = element("li");
      if (p.field) {
        li.append(element("strong", "", p.field === "message" ? "Your message" : p.field.replace(/_/g, " ")), ": ");
      }
      li.append(p.message);
      ul.append(li);
    }
    errors.append(ul);
  };

  const csrfInput = () => {
    const input = element("input");
    input.type = "hidden";
    input.name = "csrf_token";
    input.value = document.querySelector('meta[name="csrf-token"]').content;
    return input;
  };

  // The finished answer: triage warning, source chips and the "Apply to my plan" form (as the server renders them).
  const finish = (bubble, answer) => {
    bubble.classList.remove("msg-pending");
    bubble.removeAttribute("aria-busy");
    bubble.id = `m-${answer.id}`;
    bubble.dataset.id = String(answer.id);
    bubble.dataset.route = answer.route;
    const text = bubble.querySelector(".msg-text");
    text.replaceChildren();
    for (const piece of answer.text.split(CITATION)) {
      if (piece) text.append(CITATION.test(piece) ? element("span", "cite", piece) : piece);
    }
    if (answer.triage) {
      bubble.classList.add("msg-triage");
      const label = answer.triage.kind === "emergency" ? "Stop and get medical help" : "Safety first";
      const warning = element("p", "triage-label", label);
      warning.setAttribute("role", "alert");
      bubble.prepend(warning);
    }
    if (answer.sources.length) {
      const chips = element("ul", "chips");
      chips.setAttribute("aria-label", "Sources");
      for (const key of answer.sources) chips.append(element("li", "chip", `[${key}]`));
      bubble.append(chips);
    }
    if (answer.actions.length) {
      const proposal = element("div", "proposal");
      const ul = element("ul");
      for (const action of answer.actions) {
        ul.append(element("li", "", action.summary.charAt(0).toUpperCase() + action.summary.slice(1)));
      }
      const form = element("form", "apply-form");
      form.method = "post";
      form.action = `/chat/actions/${answer.id}/apply`;
      const button = element("button", "", "Apply to my plan");
      button.type = "submit";
      form.append(csrfInput(), button);
      proposal.append(ul, form);
      bubble.append(proposal);
    }
  };

  // Parse "event: x\ndata: {...}\n\n" blocks from the stream, calling onEvent(name, data) for each.
  const readEvents = async (response, onEvent) => {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        if (data) onEvent(name, JSON.parse(data));
      }
      if (done) return;
    }
  };

  const ask = async (message) => {
    busy = true;
    send.disabled = true;
    showErrors([]);
    const empty = document.getElementById("chat-empty");
    try {
      const response = await window.fitcoachFetch("/api/v1/chat/stream", {
        method: "POST",
        body: JSON.stringify({ message }),
      });
      if (!response.ok) {
        let problems = [{ field: null, message: `The coach did not answer (${response.status}).` }];
        try {
          const body = await response.json();
          problems = body.errors && body.errors.length ? body.errors : [body.error];
        } catch (_) { /* not JSON: keep the generic message */ }
        showErrors(problems);
        return false;
      }
      if (empty) empty.remove();
      document.querySelectorAll(".suggestions").forEach((s) => s.remove());
      const question = element("li", "msg msg-user");
      question.append(element("p", "msg-text", message.trim()));
      list.append(question);
      const bubble = element("li", "msg msg-assistant msg-pending");
      bubble.setAttribute("aria-busy", "true"); // screen readers read the answer once, when it is complete
      const text = element("p", "msg-text", "");
      bubble.append(text);
      list.append(bubble);
      bubble.scrollIntoView({ block: "end" });
      await readEvents(response, (name, data) => {
        if (name === "chunk") {
          text.textContent += data.text;
        } else if (name === "done") {
          question.id = `m-${data.question_id}`;
          finish(bubble, data);
        }
      });
      bubble.scrollIntoView({ block: "end" });
      return true;
    } catch (error) {
      showErrors([{ field: null, message: `Connection problem: ${error.message}. Try again.` }]);
      return false;
    } finally {
      busy = false;
      send.disabled = false;
    }
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("chat-ask")) return;
    event.preventDefault();
    if (busy) return;
    const field = form.querySelector("[name='message']");
    const message = field.value;
    if (!message.trim()) {
      showErrors([{ field: "message", message: "must not be empty" }]);
      textarea.focus();
      return;
    }
    if (await ask(message) && field === textarea) textarea.value = "";
  });

  // Enter sends, Shift+Enter makes a new line.
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      box.requestSubmit();
    }
  });
  if (window.location.hash === "" && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "end" });
});
