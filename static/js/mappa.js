/*
 * The map of places (Leaflet, OpenStreetMap tiles). Progressive enhancement:
 * the page lists every place without it. Data come from a json_script element
 * named by the map's data-fonte attribute: [{nome, url, lat, lon, approssimate}].
 */
(function () {
  "use strict";
  var elemento = document.getElementById("mappa");
  if (!elemento || !window.L) {
    return;
  }
  var fonte = document.getElementById(elemento.dataset.fonte);
  var luoghi = fonte ? JSON.parse(fonte.textContent) : [];
  if (!luoghi.length) {
    return;
  }
  elemento.hidden = false;
  var mappa = L.map(elemento, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
  }).addTo(mappa);

  var punti = luoghi.map(function (luogo) {
    var etichetta = luogo.approssimate
      ? luogo.nome + " (" + elemento.dataset.testoApprossimate + ")"
      : luogo.nome;
    var marcatore = L.marker([luogo.lat, luogo.lon], {
      alt: etichetta,
      title: etichetta,
      opacity: luogo.approssimate ? 0.7 : 1,
    }).addTo(mappa);
    // Built with DOM nodes, never HTML strings: names come from the database.
    var contenuto = document.createElement("div");
    var collegamento = document.createElement("a");
    collegamento.href = luogo.url;
    collegamento.textContent = luogo.nome;
    contenuto.appendChild(collegamento);
    if (luogo.approssimate) {
      var nota = document.createElement("p");
      nota.className = "mb-0 small";
      nota.textContent = elemento.dataset.testoApprossimate;
      contenuto.appendChild(nota);
    }
    marcatore.bindPopup(contenuto);
    return [luogo.lat, luogo.lon];
  });
  if (punti.length === 1) {
    mappa.setView(punti[0], 15);
  } else {
    mappa.fitBounds(punti, { padding: [30, 30], maxZoom: 15 });
  }
})();
