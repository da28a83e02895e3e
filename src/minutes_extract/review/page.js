/* minutes-extract review page: highlighting and filtering only; without it the page reads the
   same, its links being anchors (and :target marks the line or item they lead to). */
(function () {
  "use strict";
  var doc = document, lit = [], selected = null;

  function clear() {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = [];
    if (selected) { selected.classList.remove("sel"); selected = null; }
  }

  // Mark a record item and every source line it came from; scroll one pane or the other.
  function light(item, toSource, toRecord) {
    clear();
    selected = item;
    item.classList.add("sel");
    var s = +item.dataset.s, e = +item.dataset.e;
    for (var n = s; n <= e; n++) {
      var row = doc.getElementById("L" + n);
      if (row) { row.classList.add("hl"); lit.push(row); }
    }
    var first = doc.getElementById("L" + s);
    if (toSource && first) first.scrollIntoView({ block: "center" });
    if (toRecord) item.scrollIntoView({ block: "center" });
  }

  function itemOf(hash) {
    var el = hash && doc.getElementById(hash.slice(1));
    return el && el.dataset.s ? el : null;
  }

  doc.addEventListener("click", function (ev) {
    var link = ev.target.closest("a");
    if (link && (link.classList.contains("no") || link.classList.contains("dm"))) {
      var item = itemOf(link.getAttribute("href"));  // a source line: what did it become?
      if (!item) return;
      ev.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      light(item, false, true);
      return;
    }
    if (link && !link.classList.contains("src")) return;
    var chosen = ev.target.closest("#record .item");
    if (!chosen || !chosen.dataset.s || ev.target.closest("summary")) return;
    if (link) ev.preventDefault();
    history.replaceState(null, "", "#" + chosen.id);
    light(chosen, true, false);
  });

  var form = doc.getElementById("controls"), speaker = doc.getElementById("speaker"),
      search = doc.getElementById("search"), shown = doc.getElementById("shown");
  var turns = [].slice.call(doc.querySelectorAll("#record .turn")), texts = null, hits = [], timer = 0;

  function filter() {
    var who = speaker.value, query = search.value.trim().toLowerCase(), count = 0;
    if (query && !texts) texts = turns.map(function (t) { return t.textContent.toLowerCase(); });
    hits.forEach(function (el) { el.classList.remove("hit"); });
    hits = [];
    turns.forEach(function (turn, i) {
      var keep = (!who || turn.dataset.sp === who) && (!query || texts[i].indexOf(query) >= 0);
      turn.classList.toggle("hidden", !keep);
      if (!keep) return;
      count++;
      if (query) turn.querySelectorAll(".rt").forEach(function (rt) {
        if (rt.textContent.toLowerCase().indexOf(query) >= 0) { rt.classList.add("hit"); hits.push(rt); }
      });
    });
    shown.textContent = who || query ? count + " of " + turns.length + " turns" : "";
  }

  form.hidden = false;
  speaker.addEventListener("change", filter);
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
  var start = itemOf(location.hash);
  if (start) light(start, true, true);
}());
