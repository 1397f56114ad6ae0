/* The county office's page for a city's or a province's office (loaded by admin.js only when GET /orgs shows
   organisations below the caller's own): 查看下属县, its own first (北湖市（本级）), then each one below by name (a
   province's counties indented under their city). The choice is kept in the address (#org=<org_id>) and the page is
   loaded again with it, so every view reads that county from its start (admin.js adds ?org= to every call and shows
   no write control there), and a reload stays on it. */
(function () {
  "use strict";
  var $ = SY.$,
    el = SY.el;

  function below(nodes, indent, into) {
    nodes.forEach(function (node) {
      into.push([node.org_id, indent + node.name]);
      below(node.children, indent + "\u3000", into);
    });
    return into;
  }
  function keep(org) {
    history.replaceState(null, "", location.pathname + location.search + (org ? "#org=" + org : ""));
  }

  /* Draw the picker for `top` (GET /orgs's own organisation, with its children); answer `wanted` if it is below
     `top`, else null (our own). */
  SY.office.pickOrg = function (top, wanted) {
    var choices = [["", top.name + "（本级）"]].concat(below(top.children, "", []));
    var org = choices.some(function (c) {
      return c[0] === wanted;
    }) ? wanted : null;
    if (wanted) keep(org); // back in the address after a link's token was taken out of it; one not below, out
    choices.forEach(function (c) {
      $("org").appendChild(el("option", { value: c[0], text: c[1], selected: c[0] === (org || "") }));
    });
    $("org").addEventListener("change", function () {
      keep($("org").value);
      location.reload();
    });
    $("org-read").hidden = !org;
    $("org-pick").hidden = false;
    document.querySelector("h1").textContent = document.title = top.name + "双拥办"; // not 县双拥办: the city's
    return org;
  };
})();
