// Notices and ballots: small behaviours for the public pages (no inline script: CSP).
(() => {
  // Objection form: an anonymous objection has no name or contact.
  const anonymous = document.querySelector(".objection-form input[name=anonymous]");
  const named = document.querySelector(".objection-form .named-fields");
  if (anonymous && named) {
    const sync = () => { named.hidden = anonymous.checked; };
    anonymous.addEventListener("change", sync);
    sync();
  }
  // Voting page: the QR code carries the code in the URL fragment (#…), which the browser
  // never sends to the server. Put it in the form, then drop it from the address bar.
  const codeInput = document.querySelector("input.vote-code-input");
  if (codeInput && window.location.hash.length > 1) {
    const code = decodeURIComponent(window.location.hash.slice(1)).replace(/[^0-9A-Za-z-]/g, "");
    if (code && !codeInput.value) codeInput.value = code.toUpperCase();
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();
