/* Enlace administration: small progressive enhancements. Everything works without it.
 *
 * - An account's form shows only the field of the chosen role: the treatment centre for
 *   staff, the network for coordinators (the server ignores the other one anyway).
 */
(function () {
  "use strict";

  function showFieldsOfRole(form) {
    var role = form.querySelector("select[name='role']");
    if (!role) { return; }
    function update() {
      form.querySelectorAll("[data-for-role]").forEach(function (field) {
        field.hidden = field.getAttribute("data-for-role") !== role.value;
      });
    }
    role.addEventListener("change", update);
    update();
  }

  function start() {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-for-role]")) { showFieldsOfRole(form); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
