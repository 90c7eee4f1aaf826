// Small progressive enhancements: drag-and-drop upload with progress, queue keys, box ↔ row links.
(function () {
  "use strict";

  function setupUpload(form) {
    var drop = form.querySelector("[data-drop]"), input = form.querySelector("[data-files]");
    var list = form.querySelector("[data-list]"), tpl = form.querySelector("[data-row]");
    var bar = form.querySelector("[data-progress]"), status = form.querySelector("[data-status]");
    var chosen = [];
    function render() {
      list.innerHTML = "";
      chosen.forEach(function (file, i) {
        var li = tpl.content.firstElementChild.cloneNode(true);
        li.querySelector(".name").textContent = file.name;
        li.querySelector(".size").textContent = Math.ceil(file.size / 1024) + " KB";
        var role = li.querySelector("select[name=roles]");  // a photo role means nothing for a PDF
        if (!/^image\//.test(file.type) && !/\.(jpe?g|png|tiff?|webp)$/i.test(file.name)) { role.hidden = true; role.value = ""; }
        li.querySelector("[data-remove]").onclick = function () { chosen.splice(i, 1); render(); };
        list.appendChild(li);
      });
      input.required = chosen.length === 0 && !("optional" in input.dataset);
    }
    function add(files) { for (var i = 0; i < files.length; i++) chosen.push(files[i]); render(); }
    input.addEventListener("change", function () { add(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { add(e.dataTransfer.files); });
    form.addEventListener("submit", function (e) {
      if (!chosen.length) return;  // the browser's own validation asks for a file (or sends the form as it is)
      e.preventDefault();
      var data = new FormData();
      form.querySelectorAll("input[type=hidden], select[name=profile]").forEach(function (el) {
        data.append(el.name, el.value);
      });
      form.querySelectorAll("input[type=checkbox]:checked, input[type=file][data-replace]").forEach(function (el) {
        if (el.type !== "file") data.append(el.name, el.value);
        else if (el.files.length) data.append(el.name, el.files[0], el.files[0].name);
      });
      var roles = list.querySelectorAll("select[name=roles]");
      chosen.forEach(function (file, i) { data.append("files", file, file.name); data.append("roles", roles[i].value); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || location.href);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) { bar.hidden = false; bar.value = Math.round(ev.loaded / ev.total * 100); }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {message: xhr.status === 413 ? "ファイルが大きすぎます。" : xhr.statusText}; }
        if (body.ok && body.redirect) { location.href = body.redirect; return; }
        status.textContent = body.message || xhr.statusText; bar.hidden = true;
        form.querySelector("button.primary").disabled = false;
      };
      xhr.onerror = function () { status.textContent = "通信エラー / network error"; form.querySelector("button.primary").disabled = false; };
      form.querySelector("button.primary").disabled = true;
      xhr.send(data);
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(setupUpload);

  function typing(e) {
    var t = e.target.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || e.target.isContentEditable;
  }

  var table = document.querySelector("table[data-keys]");
  if (table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")), at = 0;
    function select(i) {
      if (!rows.length) return;
      rows[at].classList.remove("selected");
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows[at].classList.add("selected"); rows[at].scrollIntoView({block: "nearest"});
    }
    select(0);
    var all = table.querySelector("[data-check-all]");
    if (all) all.addEventListener("change", function () {
      table.querySelectorAll("input[name=ids]").forEach(function (b) { b.checked = all.checked; });
    });
    rows.forEach(function (r, i) { r.addEventListener("click", function () { select(i); }); });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !rows.length) return;
      var row = rows[at];
      if (e.key === "j") select(at + 1);
      else if (e.key === "k") select(at - 1);
      else if (e.key === "Enter") location.href = row.dataset.href;
      else if (e.key === "x") { var box = row.querySelector("input[name=ids]"); if (box) box.checked = !box.checked; }
      else if (e.key === "a") {
        window.Decide.ask("approve", row.dataset.id).then(function (yes) {
          if (!yes) return;
          var form = document.querySelector("form[data-approve]");
          form.action = form.dataset.action.replace(/\/0\/decision$/, "/" + row.dataset.id + "/decision");
          form.submit();
        });
      } else if (e.key === "r") location.href = row.dataset.href + "#decision";
      else return;
      e.preventDefault();
    });
  }

  var comment = document.querySelector("[data-comment]");
  if (comment) {
    // after the browser's own scroll to the fragment, which would take the focus away again
    if (location.hash === "#decision") window.addEventListener("load", function () { setTimeout(function () { comment.focus(); }, 0); });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "a") { e.preventDefault(); document.querySelector("[data-approve-button]").click(); }  // asks first (decide.js)
      else if (e.key === "r") { e.preventDefault(); comment.focus(); }
    });
  }

  // Hovering a box lights up its field or finding, and the other way round.
  document.querySelectorAll(".box[data-target]").forEach(function (box) {
    var target = document.getElementById(box.dataset.target);
    if (!target) return;
    function on() { box.classList.add("hot"); target.classList.add("hot"); }
    function off() { box.classList.remove("hot"); target.classList.remove("hot"); }
    box.addEventListener("mouseenter", on); box.addEventListener("mouseleave", off);
    target.addEventListener("mouseenter", on); target.addEventListener("mouseleave", off);
  });
})();
