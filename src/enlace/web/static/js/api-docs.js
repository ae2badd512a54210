/* /api/docs: renders the OpenAPI document with the vendored Swagger UI.
 *
 * validatorUrl is null so the page asks no other site to check the document; "Try it
 * out" sends requests to this site only.
 */
(function () {
  "use strict";
  var node = document.getElementById("api-reference");
  if (!node || typeof window.SwaggerUIBundle !== "function") { return; }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    domNode: node,
    validatorUrl: null,
    deepLinking: false,
    defaultModelsExpandDepth: 0,
    docExpansion: "list"
  });
}());
