// The progress page of an import (consultations, letters, ODS): polls the status
// URL of its section until the import is finished, without a reload.
// Every element with data-import-field="key" shows state[key] (capitalised
// with data-capfirst); the bar shows state.percent; at the end the report
// replaces [data-import-report].
(function () {
    var section = document.querySelector("[data-import-status-url]");
    if (!section || !section.hasAttribute("data-import-polling")) { return; }
    function capfirst(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
    function poll() {
        fetch(section.getAttribute("data-import-status-url"), {credentials: "same-origin", cache: "no-store"})
            .then(function (response) { return response.json(); })
            .then(function (state) {
                section.querySelectorAll("[data-import-field]").forEach(function (element) {
                    var value = String(state[element.getAttribute("data-import-field")]);
                    element.textContent = element.hasAttribute("data-capfirst") ? capfirst(value) : value;
                });
                var bar = section.querySelector("[data-import-bar]");
                bar.value = state.percent; bar.textContent = state.percent + "%";
                if (state.finished) {
                    document.querySelector("[data-import-report]").innerHTML = state.report_html;
                } else {
                    window.setTimeout(poll, 1000);
                }
            })
            .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 1000);
})();
