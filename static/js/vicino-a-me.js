/*
 * "Vicino a me": asks the browser for the position, writes it into the form's
 * lat/lon fields and submits. Progressive enhancement: without JavaScript or
 * geolocation the button stays hidden and the neighbourhood list is there.
 */
(function () {
  "use strict";
  if (!("geolocation" in navigator)) {
    return;
  }
  document.querySelectorAll("[data-vicino-a-me]").forEach(function (riquadro) {
    var form = riquadro.closest("form");
    var pulsante = riquadro.querySelector("button");
    var stato = riquadro.querySelector("[data-vicino-a-me-stato]");
    if (!form || !form.elements.lat || !form.elements.lon) {
      return;
    }
    riquadro.hidden = false;
    pulsante.addEventListener("click", function () {
      stato.textContent = riquadro.dataset.testoAttesa;
      navigator.geolocation.getCurrentPosition(
        function (posizione) {
          form.elements.lat.value = posizione.coords.latitude.toFixed(5);
          form.elements.lon.value = posizione.coords.longitude.toFixed(5);
          // The chosen neighbourhood would win over the position: clear it.
          if (form.elements.quartiere) {
            form.elements.quartiere.value = "";
          }
          form.submit();
        },
        function () {
          stato.textContent = riquadro.dataset.testoErrore;
        },
        { timeout: 15000, maximumAge: 300000 }
      );
    });
    // Choosing a neighbourhood replaces a position sent earlier.
    if (form.elements.quartiere) {
      form.elements.quartiere.addEventListener("change", function () {
        form.elements.lat.value = "";
        form.elements.lon.value = "";
      });
    }
  });
})();
