// Kinship's only script: progressive enhancement. Every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen readers hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
