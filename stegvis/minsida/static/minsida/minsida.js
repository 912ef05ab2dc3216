/* Min sida: a read-aloud button for every text block, using the browser's own speech synthesis.
   Each part of a block is read in its own language (a goal staff wrote in Swedish with a Swedish
   voice, the rest in the page's language). The buttons stay hidden where the browser cannot
   speak; the page works without this file. */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var data = document.getElementById("ms-speech");
  var tags = data ? JSON.parse(data.textContent) : {};
  var active = null;

  function speechTag(lang) {
    var code = (lang || "").toLowerCase();
    return tags[code] || tags[code.split("-")[0]] || lang;
  }

  function voiceFor(tag) {
    var wanted = tag.toLowerCase();
    var base = wanted.split("-")[0];
    var voices = synth.getVoices() || [];
    return voices.find(function (v) { return v.lang && v.lang.toLowerCase() === wanted; }) ||
      voices.find(function (v) { return v.lang && v.lang.toLowerCase().split(/[-_]/)[0] === base; }) || null;
  }

  /* The block's text as runs of one language each, skipping what is marked data-read-skip. */
  function runs(block) {
    var out = [];
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var el = node.parentElement;
        if (!el || el.closest("[data-read-skip], [hidden], script, svg, .ms-sr")) {
          return NodeFilter.FILTER_REJECT;
        }
        return node.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var holder = node.parentElement.closest("[lang]");
      var lang = holder ? holder.getAttribute("lang") : document.documentElement.lang;
      var text = node.textContent.replace(/\s+/g, " ").trim();
      var last = out[out.length - 1];
      if (last && last.lang === lang) {
        last.text += " " + text;
      } else {
        out.push({ lang: lang, text: text });
      }
    }
    return out;
  }

  function reset(button) {
    var label = button.querySelector(".ms-read__label");
    button.setAttribute("aria-pressed", "false");
    if (label) { label.textContent = button.getAttribute("data-label-start"); }
    if (active === button) { active = null; }
  }

  document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
    var label = button.querySelector(".ms-read__label");
    button.setAttribute("data-label-start", label ? label.textContent : "");
    button.hidden = false;
    button.addEventListener("click", function () {
      var wasActive = active === button;
      if (synth.speaking || active) {
        synth.cancel();
        if (active) { reset(active); }
      }
      if (wasActive) { return; }
      var block = button.closest("[data-read-block]") || document.getElementById("main");
      var parts = runs(block);
      if (!parts.length) { return; }
      active = button;
      button.setAttribute("aria-pressed", "true");
      if (label) { label.textContent = button.getAttribute("data-label-stop") || label.textContent; }
      parts.forEach(function (part, index) {
        var utterance = new SpeechSynthesisUtterance(part.text);
        var tag = speechTag(part.lang);
        utterance.lang = tag;
        var voice = voiceFor(tag);
        if (voice) { utterance.voice = voice; }
        utterance.rate = 0.9;
        if (index === parts.length - 1) {
          utterance.onend = function () { reset(button); };
        }
        utterance.onerror = function () { reset(button); };
        synth.speak(utterance);
      });
    });
  });
})();
