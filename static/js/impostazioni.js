/*
 * Settings read by Bootstrap Italia's bundle, so it loads before it.
 * Video.js (inside the bundle) would add a <style> element at start-up, which the
 * Content-Security-Policy (style-src 'self') refuses; the portal has no videos.
 */
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
