// One way to confirm a decision on every page: a decision key (a, r) or button asks in the same
// dialog, with the words of intake.review.WORDS (rendered into #review-words by base.html).
(function () {
  "use strict";
  var words = {};
  try { words = JSON.parse(document.getElementById("review-words").textContent); } catch (e) { words = {}; }
  var dialog = document.getElementById("decide-dialog");

  function ask(key, id) {
    var text = (words["confirm." + key] || key).replace("{id}", id);
    if (!dialog || typeof dialog.showModal !== "function") return Promise.resolve(window.confirm(text));
    return new Promise(function (resolve) {
      dialog.querySelector("[data-confirm-text]").textContent = text;
      var ok = dialog.querySelector("[data-confirm-ok]");
      ok.textContent = words["decision." + key] || words["confirm.ok"] || "OK";
      ok.className = key === "reject" ? "danger" : "primary";
      dialog.returnValue = "";
      dialog.onclose = function () { resolve(dialog.returnValue === "ok"); };
      dialog.showModal();
      ok.focus();
    });
  }

  // Every button that submits a decision (name=decision) asks first; `submitter` is the button.
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button || button.name !== "decision" || button.dataset.confirmed) return;
    e.preventDefault();
    var form = e.target;
    ask(button.value, form.dataset.subId || "").then(function (yes) {
      if (!yes) return;
      button.dataset.confirmed = "1";
      if (form.requestSubmit) form.requestSubmit(button); else button.click();
      delete button.dataset.confirmed;
    });
  }, true);

  window.Decide = {ask: ask, words: words};
})();
