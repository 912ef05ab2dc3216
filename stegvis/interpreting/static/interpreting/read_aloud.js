/* Read-aloud for interpreter mode: the browser's own speech synthesis reads one question and its
   answers in one of the two languages. Each text carries the language it is really in
   (data-speech-lang), so a text without translation is read with a Swedish voice. The buttons
   stay hidden where the browser cannot speak; the page works without this file. */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var active = null;

  function pickVoice(lang) {
    var wanted = lang.toLowerCase();
    var base = wanted.split("-")[0];
    var voices = synth.getVoices() || [];
    return voices.find(function (v) { return v.lang && v.lang.toLowerCase() === wanted; }) ||
      voices.find(function (v) { return v.lang && v.lang.toLowerCase().split(/[-_]/)[0] === base; }) || null;
  }

  function labelOf(button) { return button.querySelector("[data-read-label]"); }

  function reset(button) {
    var label = labelOf(button);
    button.setAttribute("aria-pressed", "false");
    if (label && button.dataset.labelStart) { label.textContent = button.dataset.labelStart; }
    if (active === button) { active = null; }
  }

  function utterances(button) {
    var scope = document.getElementById(button.getAttribute("data-read-scope"));
    var column = button.getAttribute("data-read-column");
    var fallback = button.getAttribute("data-speech-lang");
    var list = [];
    if (!scope) { return list; }
    scope.querySelectorAll("[data-say]").forEach(function (el) {
      if (el.getAttribute("data-say").split(" ").indexOf(column) < 0) { return; }
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (!text) { return; }
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = el.getAttribute("data-speech-lang") || fallback;
      var voice = pickVoice(utterance.lang);
      if (voice) { utterance.voice = voice; }
      utterance.rate = 0.9;
      list.push(utterance);
    });
    return list;
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var label = labelOf(button);
    if (label) { button.dataset.labelStart = label.textContent; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var wasActive = active === button;
      if (active) { reset(active); }
      synth.cancel();
      if (wasActive) { return; }
      var list = utterances(button);
      if (!list.length) { return; }
      list[list.length - 1].onend = function () { reset(button); };
      list.forEach(function (u) { u.onerror = function () { reset(button); }; });
      active = button;
      button.setAttribute("aria-pressed", "true");
      if (label) { label.textContent = button.getAttribute("data-label-stop") || label.textContent; }
      list.forEach(function (u) { synth.speak(u); });
    });
  });
})();
