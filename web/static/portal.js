// The revision form: the list of what will be sent, kept up to date before sending.
(function () {
  "use strict";
  var form = document.querySelector("form[data-revise]");
  if (!form) return;
  var summary = form.querySelector("[data-summary]"), added = form.querySelector("[data-list]");
  function item(name, note) {
    var li = document.createElement("li");
    li.textContent = name + " ";
    var span = document.createElement("span");
    span.className = "muted"; span.textContent = "（" + note + "）";
    li.appendChild(span);
    return li;
  }
  function update() {
    summary.innerHTML = "";
    form.querySelectorAll("[data-doc]").forEach(function (row) {
      var keep = row.querySelector("[data-keep]"), file = row.querySelector("[data-replace]");
      row.classList.toggle("dropped", !keep.checked && !file.files.length);
      if (file.files.length) summary.appendChild(item(file.files[0].name, "差し替え：" + row.dataset.name));
      else if (keep.checked) summary.appendChild(item(row.dataset.name, "前の版のまま"));
    });
    added.querySelectorAll(".name").forEach(function (n) { summary.appendChild(item(n.textContent, "追加")); });
    if (!summary.children.length) summary.appendChild(item("—", "書類がありません"));
  }
  form.addEventListener("change", update);
  new MutationObserver(update).observe(added, {childList: true});
  update();
})();
