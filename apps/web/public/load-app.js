/* global document */
// The signed-in feed's HTML (apps/api/src/http/first-load.html.ts) is painted without the app's
// code: it carries the frame, the first photo and the data. There the code is named in
// <meta name="mosaic-app-script|mosaic-app-preload"> instead of loading at once, and this loads it
// once that photo has arrived (or failed, or after 3 s), so the photo has the connection to itself.
;(function () {
  var started = false
  function load() {
    if (started) return
    started = true
    var names = document.querySelectorAll('meta[name="mosaic-app-preload"], meta[name="mosaic-app-script"]')
    for (var i = 0; i < names.length; i++) {
      var el
      if (names[i].name === 'mosaic-app-script') {
        el = document.createElement('script')
        el.type = 'module'
        el.src = names[i].content
      } else {
        el = document.createElement('link')
        el.rel = 'modulepreload'
        el.href = names[i].content
      }
      el.crossOrigin = 'anonymous'
      document.head.appendChild(el)
    }
  }
  var img = document.getElementById('mosaic-first-photo')
  if (!img || img.complete) return load()
  img.addEventListener('load', load)
  img.addEventListener('error', load)
  setTimeout(load, 3000)
})()
