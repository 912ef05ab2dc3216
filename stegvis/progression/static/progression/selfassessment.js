/* Read-aloud for the self-assessment pages: the browser's own speech synthesis, in the page's
   language. The button stays hidden where the browser cannot speak; everything else works
   without this file. */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var main = document.querySelector("[data-speech-lang]");
  var lang = (main && main.getAttribute("data-speech-lang")) || document.documentElement.lang;

  function textToRead() {
    var parts = [];
    document.querySelectorAll("[data-read]").forEach(function (el) {
      var text = el.innerText.replace(/\s+/g, " ").trim();
      if (text) { parts.push(text); }
    });
    return parts.join(". ");
  }

  function pickVoice() {
    var base = lang.split("-")[0].toLowerCase();
    var voices = window.speechSynthesis.getVoices() || [];
    return voices.find(function (v) { return v.lang && v.lang.toLowerCase() === lang.toLowerCase(); }) ||
      voices.find(function (v) { return v.lang && v.lang.toLowerCase().split(/[-_]/)[0] === base; }) || null;
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var label = button.querySelector(".sa-read__label");
    var startLabel = label ? label.textContent : "";
    var stopLabel = button.getAttribute("data-label-stop") || startLabel;

    function reset() {
      button.setAttribute("aria-pressed", "false");
      if (label) { label.textContent = startLabel; }
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (window.speechSynthesis.speaking) {
        window.speechSynthesis.cancel();
        reset();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(textToRead());
      utterance.lang = lang;
      var voice = pickVoice();
      if (voice) { utterance.voice = voice; }
      utterance.rate = 0.9;
      utterance.onend = reset;
      utterance.onerror = reset;
      button.setAttribute("aria-pressed", "true");
      if (label) { label.textContent = stopLabel; }
      window.speechSynthesis.speak(utterance);
    });
  });
})();
