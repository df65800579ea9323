// Live progress on the reports page: while a report is queued or running, ask the
// server for its state every few seconds and update its row. Without JavaScript
// the page works the same, with its "Aggiorna" link.
(function () {
  "use strict";
  var tabella = document.querySelector("[data-report-tabella]");
  if (!tabella || !window.fetch) { return; }
  var annuncio = document.querySelector("[data-report-annuncio]");
  var INTERVALLO_MS = 3000;
  var ATTIVI = ["in_coda", "in_corso"];

  function righeAttive() {
    return Array.prototype.filter.call(
      tabella.querySelectorAll("tr[data-report-id]"),
      function (riga) { return ATTIVI.indexOf(riga.getAttribute("data-report-stato")) !== -1; }
    );
  }

  function aggiornaRiga(riga, dati) {
    var cella = riga.querySelector("[data-report-cella-stato]");
    var etichetta = cella.querySelector("[data-report-etichetta]");
    etichetta.textContent = dati.stato_etichetta.charAt(0).toUpperCase() + dati.stato_etichetta.slice(1);
    var barra = cella.querySelector("[data-report-progresso]");
    if (ATTIVI.indexOf(dati.stato) !== -1) {
      if (barra) { barra.value = dati.progresso; barra.textContent = dati.progresso + "%"; }
    } else if (barra) {
      barra.remove();
    }
    if (dati.stato === "fallito" && dati.errore && !cella.querySelector("[data-report-errore]")) {
      var errore = document.createElement("p");
      errore.className = "text-danger small mb-0";
      errore.setAttribute("data-report-errore", "");
      errore.textContent = dati.errore;
      cella.appendChild(errore);
    }
    if (dati.download) {
      var file = riga.querySelector("[data-report-cella-file]");
      var link = document.createElement("a");
      link.href = dati.download;
      link.textContent = tabella.getAttribute("data-testo-scarica") || "Scarica";
      file.textContent = "";
      file.appendChild(link);
    }
    if (riga.getAttribute("data-report-stato") !== dati.stato && annuncio && ATTIVI.indexOf(dati.stato) === -1) {
      annuncio.textContent = riga.querySelector("th").textContent.trim().split("\n")[0] + ": " + dati.stato_etichetta;
    }
    riga.setAttribute("data-report-stato", dati.stato);
  }

  function interroga() {
    var righe = righeAttive();
    if (!righe.length) { return; }
    var parametri = righe.map(function (riga) { return "id=" + encodeURIComponent(riga.getAttribute("data-report-id")); }).join("&");
    fetch(tabella.getAttribute("data-url-stato") + "?" + parametri, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (risposta) { return risposta.ok ? risposta.json() : { richieste: [] }; })
      .then(function (dati) {
        dati.richieste.forEach(function (r) {
          var riga = tabella.querySelector('tr[data-report-id="' + r.id + '"]');
          if (riga) { aggiornaRiga(riga, r); }
        });
      })
      .catch(function () { /* a missed poll is retried at the next tick */ })
      .then(function () { if (righeAttive().length) { window.setTimeout(interroga, INTERVALLO_MS); } });
  }

  if (righeAttive().length) { window.setTimeout(interroga, INTERVALLO_MS); }
})();
