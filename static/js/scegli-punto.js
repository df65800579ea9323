/*
 * The map picker of a place's position (management area and admin).
 * Progressive enhancement over the plain latitude and longitude inputs: without
 * JavaScript, or before the map loads, the inputs are the whole tool.
 *
 * The container names the inputs it fills:
 *   <div data-scegli-punto data-campo-lat="id_lat" data-campo-lon="id_lon"
 *        data-campo-esatte="id_coordinate_esatte" (optional) hidden></div>
 * A click on the map, or dragging the marker, writes the point into the inputs
 * (and ticks "coordinate esatte" if the form has it); typing in the inputs moves
 * the marker. A button puts the point at the map's centre, for keyboard users:
 * the arrow keys pan the map, the button takes its centre.
 */
(function () {
  "use strict";
  if (!window.L) {
    return;
  }
  var DECIMALI = 6;

  function numero(campo) {
    var valore = parseFloat(String(campo.value).replace(",", "."));
    return isNaN(valore) ? null : valore;
  }

  function avvia() {
    document.querySelectorAll("[data-scegli-punto]").forEach(prepara);
  }

  function prepara(contenitore) {
    var campoLat = document.getElementById(contenitore.dataset.campoLat);
    var campoLon = document.getElementById(contenitore.dataset.campoLon);
    var campoEsatte = contenitore.dataset.campoEsatte
      ? document.getElementById(contenitore.dataset.campoEsatte)
      : null;
    if (!campoLat || !campoLon) {
      return;
    }
    var elementoMappa = contenitore.querySelector("[data-scegli-punto-mappa]");
    var pulsante = contenitore.querySelector("[data-scegli-punto-centro]");
    var stato = contenitore.querySelector("[data-scegli-punto-stato]");
    contenitore.hidden = false;

    var lat = numero(campoLat);
    var lon = numero(campoLon);
    var iniziale =
      lat !== null && lon !== null
        ? [lat, lon]
        : [parseFloat(contenitore.dataset.latIniziale), parseFloat(contenitore.dataset.lonIniziale)];
    var mappa = L.map(elementoMappa, { scrollWheelZoom: false }).setView(iniziale, 17);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    }).addTo(mappa);
    var marcatore = L.marker(iniziale, {
      draggable: true,
      alt: contenitore.dataset.testoMarcatore,
      title: contenitore.dataset.testoMarcatore,
    }).addTo(mappa);

    function scrivi(punto) {
      campoLat.value = punto.lat.toFixed(DECIMALI);
      campoLon.value = punto.lng.toFixed(DECIMALI);
      // A point chosen on the map is the building's own, no longer the neighbourhood's centre.
      if (campoEsatte) {
        campoEsatte.checked = true;
      }
      if (stato) {
        stato.textContent =
          contenitore.dataset.testoScelto + " " + campoLat.value + ", " + campoLon.value;
      }
    }

    mappa.on("click", function (evento) {
      marcatore.setLatLng(evento.latlng);
      scrivi(evento.latlng);
    });
    marcatore.on("dragend", function () {
      scrivi(marcatore.getLatLng());
    });
    if (pulsante) {
      pulsante.addEventListener("click", function () {
        var centro = mappa.getCenter();
        marcatore.setLatLng(centro);
        scrivi(centro);
      });
    }
    [campoLat, campoLon].forEach(function (campo) {
      campo.addEventListener("change", function () {
        var nuovaLat = numero(campoLat);
        var nuovaLon = numero(campoLon);
        if (nuovaLat !== null && nuovaLon !== null) {
          marcatore.setLatLng([nuovaLat, nuovaLon]);
          mappa.panTo([nuovaLat, nuovaLon]);
        }
      });
    });
  }

  // The admin loads its media in <head>, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", avvia);
  } else {
    avvia();
  }
})();
