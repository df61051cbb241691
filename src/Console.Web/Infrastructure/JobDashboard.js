// The job host's dashboard, made usable with a screen reader: its job lists' checkboxes get names.
(function () {
    'use strict';
    function name() {
        document.querySelectorAll('input[type="checkbox"]:not([aria-label])').forEach(function (box) {
            if (box.classList.contains('js-jobs-list-select-all')) {
                box.setAttribute('aria-label', 'Select every run on this page');
            } else if (box.value) {
                box.setAttribute('aria-label', 'Select run #' + box.value);
            }
        });
    }
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', name);
    } else {
        name();
    }
})();
