// Kinship's only script: progressive enhancement. Every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen readers hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});

// "Use my location": fill the coordinates for this search only. The
// position goes into the form on this page and nowhere else.
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.getElementById("use-location");
  if (!btn || !navigator.geolocation) { return; }
  btn.hidden = false;
  btn.addEventListener("click", function () {
    var status = document.getElementById("location-status");
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("f-lat").value = pos.coords.latitude.toFixed(4);
      document.getElementById("f-lng").value = pos.coords.longitude.toFixed(4);
      document.getElementById("f-near").value = "";
      status.textContent = "Location filled in. Press Search.";
    }, function () {
      status.textContent = "Your location could not be used. Enter a city or postal code instead.";
    }, { maximumAge: 600000, timeout: 15000 });
  });
});
