// The redirect pages' script (`aliases`, a section's `redirect_to`): go to
// the new address with the #part of the old one, as Zola's redirects do.
// The address is this script tag's `data-to`; without JavaScript, the
// page's meta refresh leads there (without the #part).
location.replace(document.currentScript.dataset.to + location.hash);
