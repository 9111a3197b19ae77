// The readability hint of the letter editor (advice/letters/panels.py, ReadabilityPanel).
// Sends the summary and the body's blocks, as the editor types (debounced), to the
// admin endpoint advice_letter_readability, and shows the figures it returns.
(function () {
    "use strict";
    var panel = document.querySelector("[data-readability-hint]");
    if (!panel || panel.dataset.ready) {
        return;
    }
    panel.dataset.ready = "1";
    var DELAY = 600;
    var timers = {};
    var numbers = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 1 });

    function csrfToken() {
        var input = document.querySelector("input[name=csrfmiddlewaretoken]");
        return input ? input.value : "";
    }

    function isBodyField(element) {
        var name = element.name || "";
        return (
            name.indexOf("body-") === 0 &&
            (element.tagName === "TEXTAREA" || (element.tagName === "INPUT" && element.type === "text"))
        );
    }

    function textOf(part) {
        if (part === "summary") {
            var summary = document.querySelector("textarea[name=summary]");
            return summary ? summary.value : "";
        }
        var values = [];
        document.querySelectorAll("textarea[name^='body-'], input[type=text][name^='body-']").forEach(
            function (element) {
                if (element.value.trim()) {
                    values.push(element.value);
                }
            }
        );
        return values.join("\n\n");
    }

    function element(tag, text) {
        var node = document.createElement(tag);
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function show(part, data) {
        var output = panel.querySelector("[data-readability-part=" + part + "] [data-readability-output]");
        var section = output.parentNode;
        section.querySelectorAll("[data-readability-detail]").forEach(function (node) {
            node.remove();
        });
        if (data.error) {
            output.textContent = data.error;
            return;
        }
        if (!data.words) {
            output.textContent = "Nog geen tekst om te tellen.";
            return;
        }
        output.textContent =
            "Flesch-Douma: " + numbers.format(data.flesch_douma) +
            " · gemiddeld " + numbers.format(data.average_sentence_length) + " woorden per zin" +
            " · " + data.sentences + (data.sentences === 1 ? " zin, " : " zinnen, ") +
            data.words + " woorden.";
        output.dataset.score = numbers.format(data.flesch_douma);
        if (data.longest.length) {
            section.appendChild(element("h4", "Langste zinnen")).dataset.readabilityDetail = "";
            var list = element("ol");
            list.dataset.readabilityDetail = "";
            data.longest.forEach(function (sentence) {
                list.appendChild(element("li", sentence.text + " (" + sentence.words + " woorden)"));
            });
            section.appendChild(list);
        }
        if (data.officialese.length) {
            section.appendChild(element("h4", "Ambtelijke woorden")).dataset.readabilityDetail = "";
            var words = element("ul");
            words.dataset.readabilityDetail = "";
            data.officialese.forEach(function (item) {
                words.appendChild(
                    element(
                        "li",
                        "“" + item.phrase + "” (" + item.count + "×): liever “" + item.alternative + "”"
                    )
                );
            });
            section.appendChild(words);
        }
    }

    function recompute(part) {
        var body = new URLSearchParams();
        body.set("council", panel.dataset.council);
        body.set("part", part);
        body.set("text", textOf(part));
        fetch(panel.dataset.url, {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken() },
            body: body,
        })
            .then(function (response) {
                return response.json();
            })
            .then(function (data) {
                show(part, data);
            })
            .catch(function () {
                show(part, { error: "De cijfers konden niet worden berekend." });
            });
    }

    function schedule(part) {
        clearTimeout(timers[part]);
        timers[part] = setTimeout(function () {
            recompute(part);
        }, DELAY);
    }

    document.addEventListener("input", function (event) {
        var target = event.target;
        if (target.name === "summary") {
            schedule("summary");
        } else if (isBodyField(target)) {
            schedule("body");
        }
    });
    if (textOf("summary").trim()) {
        schedule("summary");
    }
    if (textOf("body").trim()) {
        schedule("body");
    }
})();
